import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate, type IdentityLabel } from '../../../emulation/estate/index.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { type IdentityView, listIdentityViews, listPeople } from '../../../store/inventory-reader.js';
import { runSync } from '../../../sync/engine.js';
import { ENGINES, openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { type OktaEmulatorOptions, startOktaEmulator } from '../emulator/index.js';
import type { OktaEstateData } from '../estate/types.js';

/**
 * End to end: generated org → Okta emulator (HTTP) → real connector through @okta/okta-sdk-nodejs → sync engine →
 * store. Expectations come from estate.labels (ground truth); the call minimum from the served data's sizes.
 */
const SEED = 20261205;
const NOW = '2026-11-01T00:00:00.000Z';
let estate: Estate;
let data: OktaEstateData;
const started: StartedPlatform[] = [];

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['okta'], size: 300, seed: SEED, now: NOW });
  data = estate.platforms.okta as OktaEstateData;
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.emulator.close()));
});

async function emulator(options: OktaEmulatorOptions = {}) {
  const s = await startOktaEmulator(data, options);
  started.push(s);
  Object.assign(process.env, s.env);
  return s;
}

async function scan(
  store: Store,
  s: StartedPlatform,
  options: Record<string, unknown> = {},
  now = NOW,
): Promise<SyncRun> {
  const [run] = await runSync(
    [{ platform: 'okta', tenant: s.tenants[0].tenant, options: { ...(s.tenants[0].options as object), ...options } }],
    {
      store,
      connectors: connectorFor,
      log: createLogger({ level: 'error' }),
      clock: { now: () => new Date(now) },
    },
  );
  return run;
}

const pagesOf = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** System Log pages of a first scan: the two bounded queries over the emulated org's whole window. */
function logPagesOfWindow(): number {
  const { since, until } = { since: Date.parse(NOW) - data.logRetentionDays * 86_400_000, until: Date.parse(NOW) };
  const inWindow = data.logs.filter((e) => Date.parse(e.published) >= since && Date.parse(e.published) < until);
  const grants = inWindow.filter((e) => e.clientId && e.eventType.includes('token.grant.access_token')).length;
  return pagesOf(grants, 1000) + pagesOf(inWindow.filter((e) => e.apiTokenId).length, 1000);
}

/** The fewest calls that read this org: every list page, and one call per OIDC app part and per token creator. */
function minimumCalls(): number {
  const deprovisioned = data.users.filter((u) => u.status === 'DEPROVISIONED').length;
  const oidc = data.apps.filter((a) => a.signOnMode === 'OPENID_CONNECT').length;
  return (
    pagesOf(data.users.length - deprovisioned, 200) +
    pagesOf(deprovisioned, 200) +
    logPagesOfWindow() +
    pagesOf(data.apps.length, 200) +
    4 * oidc +
    1 +
    new Set(data.apiTokens.map((t) => t.userId)).size +
    pagesOf(data.apiServices.length, 20) +
    data.apiServices.length
  );
}

function compare(views: IdentityView[], labels: IdentityLabel[], emailOf: Map<string, string | null>) {
  const byId = new Map(views.map((v) => [v.id, v]));
  expect(views.map((v) => v.id).filter((id) => !labels.some((l) => l.id === id))).toEqual([]);
  expect(labels.filter((l) => !byId.has(l.id)).map((l) => l.id)).toEqual([]);
  for (const label of labels) {
    const v = byId.get(label.id)!;
    const got = {
      kind: v.kind,
      name: v.name,
      createdAt: v.createdAt,
      lastUsedAt: v.lastUsedAt,
      enabled: v.enabled,
      thirdParty: v.thirdParty,
      credentials: [...v.credentials]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((c) => ({
          id: c.id,
          type: c.type,
          createdAt: c.createdAt,
          expiresAt: c.expiresAt,
          lastUsedAt: c.lastUsedAt,
          enabled: c.enabled,
        })),
      permissions: [...new Set(v.permissions.map((p) => p.nativeName))].sort(),
      owner: v.ownerClaims.length
        ? { email: emailOf.get(v.ownerClaims[0].ref) ?? null, source: v.ownerClaims[0].source }
        : null,
    };
    const want = {
      kind: label.kind,
      name: label.name,
      createdAt: label.createdAt,
      lastUsedAt: label.lastUsedAt,
      enabled: label.enabled,
      thirdParty: label.thirdParty,
      credentials: [...label.credentials].sort((a, b) => a.id.localeCompare(b.id)),
      permissions: label.permissions,
      owner: label.owner ? { email: label.owner.email, source: label.owner.source } : null,
    };
    expect(got, label.id).toEqual(want);
    if (label.permissionFacts) {
      const facts = [
        ...new Map(
          v.permissions.map((p) => [
            p.nativeName,
            { nativeName: p.nativeName, access: p.access, sensitivity: p.sensitivity, pathToAdmin: p.pathToAdmin },
          ]),
        ).values(),
      ];
      expect(
        facts.sort((a, b) => (a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0)),
        `${label.id} tiers`,
      ).toEqual(label.permissionFacts);
    }
  }
}

describe.each(ENGINES)('Okta end to end on %s', (engine) => {
  it('recovers every labelled identity and the people through the emulator, within 5% of the minimum calls', async () => {
    const s = await emulator();
    const store = await openTestStore(engine);
    try {
      const run = await scan(store, s);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.apiCalls).toBe(s.emulator.totalRequests());
      expect(run.apiCalls).toBeLessThanOrEqual(Math.ceil(minimumCalls() * 1.05));
      const people = await listPeople(store, { source: 'okta' });
      expect(people.length).toBe(data.users.length);
      const emailOf = new Map(people.map((p) => [p.nativeId, p.email]));
      const labels = estate.labels.identities.filter((l) => l.platform === 'okta');
      expect(run.counts.identities).toBe(labels.length);
      compare(await listIdentityViews(store, { platform: 'okta' }), labels, emailOf);
      const departed = data.users.filter((u) => u.status === 'DEPROVISIONED').map((u) => u.id);
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

describe('Okta connector behaviour against the emulator', () => {
  it('waits for X-Rate-Limit-Reset on HTTP 429 and counts each retry', async () => {
    const s = await emulator({ faults: { throttleEvery: 25, retryAfterSeconds: 0 } });
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

  it('a 403 on the System Log keeps stored last use and marks both usage sources skipped with okta.logs.read', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s)).status).toBe('succeeded');
      s.emulator.faults.set({ endpoints: [{ endpoint: 'GET /api/v1/logs', fault: '403' }] });
      const run = await scan(store, s);
      expect(run.status).toBe('partial');
      for (const id of ['client-usage', 'token-usage']) {
        const outcome = run.sources.find((o) => o.source === id);
        expect(outcome?.status, id).toBe('skipped');
        expect(outcome?.problem).toMatchObject({
          httpStatus: 403,
          endpoint: 'GET /api/v1/logs',
          permission: 'okta.logs.read',
        });
      }
      const used = estate.labels.identities.filter((l) => l.platform === 'okta' && l.lastUsedAt);
      expect(used.length).toBeGreaterThan(0);
      const views = new Map((await listIdentityViews(store, { platform: 'okta' })).map((v) => [v.id, v]));
      for (const l of used) expect(views.get(l.id)?.lastUsedAt, l.id).toBe(l.lastUsedAt);
    } finally {
      await store.close();
    }
  });

  it('a later scan reads the System Log only since the previous one and keeps every last use it knew', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const first = await scan(store, s);
      expect(first.status).toBe('succeeded');
      const logPages = first.apiCalls - (minimumCalls() - logPagesOfWindow());
      expect(logPages).toBe(logPagesOfWindow());
      // A day later, with a one-day window: every last use older than a day is only known from the first scan.
      const dayLater = new Date(Date.parse(NOW) + 86_400_000).toISOString();
      const second = await scan(store, s, { systemLogDays: 1 }, dayLater);
      expect(second.status).toBe('succeeded');
      expect(second.apiCalls).toBe(first.apiCalls - logPages + 2);
      const used = estate.labels.identities.filter((l) => l.platform === 'okta' && l.lastUsedAt);
      const views = new Map((await listIdentityViews(store, { platform: 'okta' })).map((v) => [v.id, v]));
      for (const l of used) expect(views.get(l.id)?.lastUsedAt, l.id).toBe(l.lastUsedAt);
    } finally {
      await store.close();
    }
  });

  it('fails with the 401 E0000011 of a bad token, without the token in the errors', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      process.env.STEWARD_TEST_BAD_OKTA_TOKEN = '00notAValidTokenValue0000000000000000000';
      const run = await scan(store, s, { token: { env: 'STEWARD_TEST_BAD_OKTA_TOKEN' } });
      expect(run.status).toBe('failed');
      expect(run.errors.join(' ')).toMatch(/HTTP 401 E0000011/);
      expect(run.errors.join(' ')).not.toContain('00notAValidTokenValue');
    } finally {
      await store.close();
    }
  });
});
