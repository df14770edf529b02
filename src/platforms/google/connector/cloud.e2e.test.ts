import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { type IdentityView, listIdentityViews } from '../../../store/inventory-reader.js';
import { runSync } from '../../../sync/engine.js';
import { openTestStore } from '../../../testing/store.js';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { GENERIC_RULES } from '../../../analysis/risk/rules/index.js';
import { cloudRules } from '../rules/cloud.js';
import { type GoogleEmulatorOptions, startGoogleEmulator } from '../emulator/index.js';
import { googleGenerator } from '../estate/generate.js';
import type { GoogleEstateData } from '../estate/types.js';
import { CLOUD_SOURCE } from './cloud-sources.js';
import { googleConnector } from './index.js';

/**
 * The Cloud part end to end: generated Google estate → emulator (unencoded {+name} paths, :verb suffixes,
 * nextPageToken, Google's error envelope) → the real connector through @googleapis/iam, cloudresourcemanager and
 * google-auth-library → sync engine → store. Expected values are the generator's labels (ground truth).
 */
const NOW = '2026-11-01T00:00:00.000Z';
let data: GoogleEstateData;
let labels: IdentityLabel[];
const started: StartedPlatform[] = [];
const GENERIC_CHECKED = [
  'nhi-stale',
  'nhi-admin-privilege',
  'credential-not-rotated',
  'credential-long-lived',
  'credential-expired',
  'credential-expiring',
];

beforeAll(() => {
  const rng = new Random(20261205);
  const now = new Date(NOW);
  const org = generateOrg(rng, 80, now);
  const out = googleGenerator.generate({ org, rng, count: 400, now, earlier: {} });
  data = out.data;
  labels = out.identities.filter((l) => /:(service_account|workload_identity_provider):/.test(l.id));
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.emulator.close()));
});

async function scan(
  store: Store,
  options: Record<string, unknown> = {},
  emu: GoogleEmulatorOptions = {},
): Promise<SyncRun> {
  const s = await startGoogleEmulator(data, emu);
  started.push(s);
  Object.assign(process.env, s.env);
  const [run] = await runSync(
    [
      {
        platform: 'google',
        tenant: s.tenants[0].tenant,
        options: { ...(s.tenants[0].options as object), workspace: false, ...options },
      },
    ],
    {
      store,
      connectors: () => googleConnector as never,
      log: createLogger({ level: 'error' }),
      clock: { now: () => new Date(NOW) },
    },
  );
  return run;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

function minimumCloudCalls(): number {
  const c = data.cloud;
  let calls = pages(c.projects.length, 1000);
  for (const p of c.projects) {
    const id = p.projectId as string;
    const accounts = c.serviceAccounts[id] ?? [];
    const pools = c.pools[id] ?? [];
    calls += 1 + pages(accounts.length, 100) + accounts.length + pages(pools.length, 1000);
    calls += pages(c.activities[id].serviceAccountLastAuthentication.length, 1000);
    calls += pages(c.activities[id].serviceAccountKeyLastAuthentication.length, 1000);
    for (const pool of pools) calls += pages(c.providers[pool.name as string]?.length ?? 0, 100);
  }
  return calls;
}

const cloudViews = async (store: Store): Promise<IdentityView[]> =>
  (await listIdentityViews(store, { platform: 'google' })).filter(
    (v) => v.nativeType === 'service_account' || v.nativeType === 'workload_identity_provider',
  );

const sourceStatus = (run: SyncRun) =>
  Object.fromEntries(run.sources.filter((s) => s.source.startsWith('cloud-')).map((s) => [s.source, s.status]));

describe('Google Cloud part against the emulator', () => {
  it('reads every service account and provider with the labelled fields, credentials and roles', async () => {
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store);
      expect(run.errors).toEqual([]);
      // Calls = the minimum (workspace off): every list at its largest page, one keys.list per account.
      expect(started.at(-1)?.emulator.faults.requests).toBe(minimumCloudCalls());
      expect(sourceStatus(run)).toEqual({
        [CLOUD_SOURCE.projects]: 'complete',
        [CLOUD_SOURCE.policies]: 'complete',
        [CLOUD_SOURCE.lastAuthentication]: 'complete',
        [CLOUD_SOURCE.serviceAccounts]: 'complete',
        [CLOUD_SOURCE.keys]: 'complete',
        [CLOUD_SOURCE.workloadIdentity]: 'complete',
      });
      const views = new Map((await cloudViews(store)).map((v) => [v.id, v]));
      expect(views.size).toBe(labels.length);
      expect(labels.length).toBeGreaterThan(200);
      for (const l of labels) {
        const v = views.get(l.id);
        expect(v, l.id).toBeDefined();
        expect({ name: v?.name, enabled: v?.enabled, lastUsedAt: v?.lastUsedAt }, l.id).toEqual({
          name: l.name,
          enabled: l.enabled,
          lastUsedAt: l.lastUsedAt,
        });
        const creds = (v?.credentials ?? []).map((c) => ({
          id: c.id,
          type: c.type,
          createdAt: c.createdAt,
          expiresAt: c.expiresAt,
          lastUsedAt: c.lastUsedAt,
          enabled: c.enabled,
        }));
        expect(
          creds.sort((a, b) => a.id.localeCompare(b.id)),
          l.id,
        ).toEqual([...l.credentials].sort((a, b) => a.id.localeCompare(b.id)));
        expect([...new Set(v?.permissions.map((p) => p.nativeName))].sort(), l.id).toEqual(l.permissions);
      }
      // Exact agreement of findings with the labels' risks (ownership-free rules: owners need the people analysis).
      const checked = new Set([...cloudRules.map((r) => r.meta.id), ...GENERIC_CHECKED]);
      const rules = [...cloudRules, ...GENERIC_RULES.filter((r) => checked.has(r.meta.id))];
      const found = new Map<string, string[]>();
      for (const h of evaluateViews([...views.values()], { now: new Date(NOW), rules }))
        found.set(h.identity.id, [...(found.get(h.identity.id) ?? []), h.rule.id]);
      const mismatches = labels.filter(
        (l) =>
          JSON.stringify(l.risks.filter((r) => checked.has(r))) !== JSON.stringify([...(found.get(l.id) ?? [])].sort()),
      );
      expect(mismatches.map((l) => `${l.id} ${l.risks} vs ${found.get(l.id)}`)).toEqual([]);
      for (const id of cloudRules.map((r) => r.meta.id))
        expect(
          labels.some((l) => l.risks.includes(id)),
          `planted ${id}`,
        ).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('configured projects: no projects.search; a project the credential cannot read leaves its sources partial', async () => {
    const store = await openTestStore('sqlite');
    try {
      const ids = data.cloud.projects.map((p) => p.projectId as string);
      const run = await scan(store, { projects: [...ids, 'not-ours-123'], workspace: true });
      const status = sourceStatus(run);
      expect(status[CLOUD_SOURCE.projects]).toBe('not-run');
      expect(status[CLOUD_SOURCE.serviceAccounts]).toBe('partial');
      const sa = run.sources.find((s) => s.source === CLOUD_SOURCE.serviceAccounts);
      expect(sa?.objects[0]).toMatchObject({
        objectId: 'projects/not-ours-123',
        httpStatus: 403,
        endpoint: 'GET /v1/projects/{projectsId}/serviceAccounts',
        permission: 'iam.serviceAccounts.list (roles/iam.serviceAccountViewer)',
      });
      expect((await cloudViews(store)).length).toBe(labels.length);
      // Not every project's accounts were listed: delegation must not call a client "unknown".
      const delegated = (await listIdentityViews(store, { platform: 'google' })).filter(
        (v) => v.nativeType === 'dwd_client',
      );
      expect(delegated.length).toBeGreaterThan(0);
      expect(delegated.every((v) => v.attributes.serviceAccountsListed === false)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a rescan under a fault keeps what the clean scan stored (malformed policy binding, refused keys.list)', async () => {
    const store = await openTestStore('sqlite');
    const snapshot = async () =>
      JSON.stringify(
        (await cloudViews(store))
          .map((v) => ({
            id: v.id,
            lastUsedAt: v.lastUsedAt,
            credentials: v.credentials,
            permissions: v.permissions,
            owners: v.ownerClaims,
          }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      );
    try {
      await scan(store);
      const clean = await snapshot();
      for (const [endpoint, fault] of [
        ['POST /v3/projects/{projectsId}:getIamPolicy', 'malformed-item'],
        ['GET /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}/keys', '403'],
      ] as const) {
        const run = await scan(store, {}, { faults: { endpoints: [{ endpoint, fault }] } });
        expect(run.status, endpoint).toBe('partial');
        // keys.list refused from the first calls on: the source gives up (skipped) instead of asking every account.
        if (fault === '403') expect(sourceStatus(run)[CLOUD_SOURCE.keys]).toBe('skipped');
        expect(await snapshot(), endpoint).toBe(clean);
      }
    } finally {
      await store.close();
    }
  }, 120_000);

  it('option cloud: false switches every Cloud source off (not "answered empty")', async () => {
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, { cloud: false, workspace: true });
      expect(Object.values(sourceStatus(run))).toEqual(Array(6).fill('not-run'));
      expect(run.errors).toEqual([]);
      expect(await cloudViews(store)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('Policy Analyzer refused: usage unknown (lastUsedSource null), the other sources complete', async () => {
    const store = await openTestStore('sqlite');
    try {
      const faults = {
        endpoints: [
          {
            endpoint:
              'GET /v1/projects/{projectsId}/locations/{locationsId}/activityTypes/{activityTypesId}/activities:query',
            fault: '403' as const,
          },
        ],
      };
      const run = await scan(store, {}, { faults });
      const status = sourceStatus(run);
      expect(status[CLOUD_SOURCE.lastAuthentication]).toBe('partial');
      expect(status[CLOUD_SOURCE.serviceAccounts]).toBe('complete');
      const accounts = (await cloudViews(store)).filter((v) => v.nativeType === 'service_account');
      expect(
        accounts.every((v) => v.lastUsedSource === null && v.credentials.every((c) => c.lastUsedSource === null)),
      ).toBe(true);
      expect(accounts.every((v) => v.stale.some((s) => s.field === 'lastUsedAt'))).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
