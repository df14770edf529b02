import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Estate, generateEstate, type IdentityLabel } from '../../../emulation/estate/index.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { type IdentityView, listIdentityViews, listPeople } from '../../../store/inventory-reader.js';
import { runSync } from '../../../sync/engine.js';
import { ENGINES, openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { type SlackEmulatorOptions, startSlackEmulator } from '../emulator/index.js';
import type { SlackEstateData } from '../estate/types.js';

/**
 * End to end: generated Enterprise Grid org → Slack emulator (HTTP, form posts) → real connector through
 * @slack/web-api → sync engine → store. Expectations come from estate.labels (ground truth); the call minimum from
 * the served data's sizes.
 */
const SEED = 20261205;
const NOW = '2026-11-01T00:00:00.000Z';
let estate: Estate;
let data: SlackEstateData;
const started: StartedPlatform[] = [];

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['slack'], size: 600, seed: SEED, now: NOW });
  data = estate.platforms.slack as SlackEstateData;
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.emulator.close()));
});

async function emulator(options: SlackEmulatorOptions = {}) {
  const s = await startSlackEmulator(data, options);
  started.push(s);
  Object.assign(process.env, s.env);
  return s;
}

async function scan(store: Store, s: StartedPlatform, options: Record<string, unknown> = {}): Promise<SyncRun> {
  const [run] = await runSync(
    [{ platform: 'slack', tenant: s.tenants[0].tenant, options: { ...(s.tenants[0].options as object), ...options } }],
    { store, connectors: connectorFor, log: createLogger({ level: 'error' }), clock: { now: () => new Date(NOW) } },
  );
  return run;
}

const pagesOf = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The fewest calls that read this org: auth.test, every list page at its largest size, one bots.info per bot. */
function minimumCalls(): number {
  const installs = data.auditLogs.filter((e) => e.action === 'app_installed').length;
  return (
    1 +
    pagesOf(installs, 9999) +
    pagesOf(data.users.length, 200) +
    data.bots.length +
    pagesOf(data.approvedApps.length, 1000) +
    pagesOf(data.restrictedApps.length, 1000) +
    pagesOf(data.requests.length, 1000)
  );
}

const byName = <T extends { nativeName: string }>(a: T, b: T) =>
  a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0;

function compare(views: IdentityView[], labels: IdentityLabel[], emailOf: Map<string, string | null>) {
  const byId = new Map(views.map((v) => [v.id, v]));
  expect(views.map((v) => v.id).filter((id) => !labels.some((l) => l.id === id))).toEqual([]);
  expect(labels.filter((l) => !byId.has(l.id)).map((l) => l.id)).toEqual([]);
  for (const label of labels) {
    const v = byId.get(label.id)!;
    const tiers = [...new Map(v.permissions.map((p) => [p.nativeName, p])).values()].map((p) => ({
      nativeName: p.nativeName,
      access: p.access,
      sensitivity: p.sensitivity,
      pathToAdmin: p.pathToAdmin,
    }));
    const got = {
      kind: v.kind,
      name: v.name,
      createdAt: v.createdAt,
      enabled: v.enabled,
      thirdParty: v.thirdParty,
      permissions: [...new Set(v.permissions.map((p) => p.nativeName))].sort(),
      tiers: tiers.sort(byName),
      owner: v.ownerClaims.length
        ? { email: emailOf.get(v.ownerClaims[0].ref) ?? null, source: v.ownerClaims[0].source }
        : null,
    };
    const want = {
      kind: label.kind,
      name: label.name,
      createdAt: label.createdAt,
      enabled: label.enabled,
      thirdParty: label.thirdParty,
      permissions: label.permissions,
      tiers: label.permissionFacts,
      owner: label.owner ? { email: label.owner.email, source: label.owner.source } : null,
    };
    expect(got, label.id).toEqual(want);
  }
}

describe.each(ENGINES)('Slack end to end on %s', (engine) => {
  it('recovers every labelled identity and the people through the emulator, at the minimum calls', async () => {
    const s = await emulator();
    const store = await openTestStore(engine);
    try {
      const run = await scan(store, s);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.apiCalls).toBe(s.emulator.totalRequests());
      expect(run.apiCalls).toBe(minimumCalls());
      expect(run.sources.find((o) => o.source === 'integration-logs')?.problem?.message).toMatch(
        /^switched off: Enterprise Grid/,
      );
      const people = await listPeople(store, { source: 'slack' });
      const humans = data.users.filter((u) => !u.is_bot && u.id !== 'USLACKBOT');
      expect(people.length).toBe(humans.length);
      const emailOf = new Map(people.map((p) => [p.nativeId, p.email]));
      const labels = estate.labels.identities.filter((l) => l.platform === 'slack');
      expect(run.counts.identities).toBe(labels.length);
      compare(await listIdentityViews(store, { platform: 'slack' }), labels, emailOf);
      const departed = humans.filter((u) => u.deleted).map((u) => u.id);
      expect(departed.length).toBeGreaterThan(0);
      expect(
        people
          .filter((p) => p.status === 'departed')
          .map((p) => p.nativeId)
          .sort(),
      ).toEqual(departed.sort());
    } finally {
      await store.close();
    }
  });
});

describe('Slack connector behaviour against the emulator', () => {
  it('waits for Retry-After on HTTP 429 (the SDK retry policy) and counts each retry', async () => {
    const s = await emulator({ faults: { throttleEvery: 7, retryAfterSeconds: 0 } });
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(s.emulator.faults.throttled).toBeGreaterThan(2);
      expect(run.retries).toBe(s.emulator.faults.throttled);
      expect(run.apiCalls).toBe(s.emulator.totalRequests());
    } finally {
      await store.close();
    }
  });

  it('plan standard: admin.apps.* switched off with the reason, installed apps from team.integrationLogs', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { plan: 'standard' });
      expect(run.status).toBe('succeeded');
      for (const id of ['approved-apps', 'restricted-apps', 'app-requests', 'audit-logs']) {
        const outcome = run.sources.find((o) => o.source === id);
        expect(outcome?.status, id).toBe('not-run');
        expect(outcome?.problem?.message, id).toMatch(/admin\.apps\.\* exist only on Enterprise Grid \(option plan/);
      }
      expect(run.sources.find((o) => o.source === 'integration-logs')?.status).toBe('complete');
      const views = await listIdentityViews(store, { platform: 'slack' });
      const installed = views.filter((v) => v.nativeType === 'integration');
      // Restricted apps were added and later removed: only the approved ones are installed.
      expect(installed.map((v) => v.nativeId).sort()).toEqual(data.approvedApps.map((a) => a.app.id).sort());
      const first = data.approvedApps[0];
      const got = installed.find((v) => v.nativeId === first.app.id)!;
      expect(got.permissions.map((p) => p.nativeName).sort()).toEqual(
        [...new Set(first.scopes.map((x) => x.name))].sort(),
      );
    } finally {
      await store.close();
    }
  });

  it('auto plan on a workspace without Enterprise Grid: auth.test has no enterprise_id, so integrationLogs is read', async () => {
    const s = await startSlackEmulator({ ...data, enterpriseId: null });
    started.push(s);
    Object.assign(process.env, s.env);
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s);
      expect(run.status).toBe('succeeded');
      expect(run.sources.find((o) => o.source === 'approved-apps')?.problem?.message).toMatch(
        /auth\.test answered no enterprise_id/,
      );
      expect(run.sources.find((o) => o.source === 'integration-logs')?.status).toBe('complete');
    } finally {
      await store.close();
    }
  });

  it('plan enterprise on a workspace without Grid: admin.apps.* refused (not_allowed_token_type) as skipped, not empty', async () => {
    const s = await startSlackEmulator({ ...data, enterpriseId: null });
    started.push(s);
    Object.assign(process.env, s.env);
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { plan: 'enterprise', teamId: data.team.id });
      expect(run.status).toBe('partial');
      const outcome = run.sources.find((o) => o.source === 'approved-apps');
      expect(outcome?.status).toBe('skipped');
      expect(outcome?.problem).toMatchObject({
        httpStatus: 403,
        vendorCode: 'not_allowed_token_type',
        endpoint: 'POST /api/admin.apps.approved.list',
      });
      expect(outcome?.problem?.permission).toMatch(/^admin\.apps:read/);
    } finally {
      await store.close();
    }
  });

  it('a 403 on the Audit Logs API keeps the stored installers and marks the source skipped with auditlogs:read', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s)).status).toBe('succeeded');
      const before = new Map((await listIdentityViews(store, { platform: 'slack' })).map((v) => [v.id, v]));
      const installed = [...before.values()].filter((v) => v.ownerClaims.some((c) => c.source === 'audit_log'));
      expect(installed.length).toBeGreaterThan(10);
      s.emulator.faults.set({ endpoints: [{ endpoint: 'GET /audit/v1/logs', fault: '403' }] });
      const run = await scan(store, s);
      expect(run.status).toBe('partial');
      const outcome = run.sources.find((o) => o.source === 'audit-logs');
      expect(outcome?.status).toBe('skipped');
      expect(outcome?.problem).toMatchObject({
        httpStatus: 403,
        vendorCode: 'missing_scope',
        endpoint: 'GET /audit/v1/logs',
      });
      expect(outcome?.problem?.permission).toMatch(/^auditlogs:read/);
      const after = new Map((await listIdentityViews(store, { platform: 'slack' })).map((v) => [v.id, v]));
      for (const v of installed) {
        expect(after.get(v.id)?.ownerClaims, v.id).toEqual(v.ownerClaims);
        expect(after.get(v.id)?.attributes.installedAt, v.id).toBe(v.attributes.installedAt);
      }
    } finally {
      await store.close();
    }
  });

  it('option auditLogs false switches the Audit Logs API off: the resolving admin is the only owner candidate', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { auditLogs: false });
      expect(run.status).toBe('succeeded');
      expect(run.sources.find((o) => o.source === 'audit-logs')?.problem?.message).toBe(
        'switched off: option auditLogs: false',
      );
      const apps = (await listIdentityViews(store, { platform: 'slack' })).filter((v) => v.nativeType === 'app');
      expect(apps.flatMap((v) => v.ownerClaims.map((c) => c.source)).every((x) => x === 'consenting_user')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('fails with invalid_auth for a bad token, without the token in the errors', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      process.env.STEWARD_TEST_BAD_SLACK_TOKEN = 'xoxp-1-2-3-notavalidtokenvalue';
      const run = await scan(store, s, { token: { env: 'STEWARD_TEST_BAD_SLACK_TOKEN' } });
      expect(run.status).toBe('failed');
      expect(run.errors.join(' ')).toMatch(/HTTP 401 invalid_auth/);
      expect(run.errors.join(' ')).not.toContain('notavalidtokenvalue');
    } finally {
      await store.close();
    }
  });
});
