import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeLabel, IdentityLabel } from '../../../emulation/estate/labels.js';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { type IdentityView, listIdentityViews, listPeople } from '../../../store/inventory-reader.js';
import { runSync } from '../../../sync/engine.js';
import { ENGINES, openTestStore } from '../../../testing/store.js';
import { type GoogleEmulatorOptions, startGoogleEmulator } from '../emulator/index.js';
import { googleGenerator } from '../estate/generate.js';
import type { GoogleEstateData } from '../estate/types.js';
import { CLOUD_SOURCES } from './cloud-sources.js';
import { googleConnector } from './index.js';

/**
 * End to end: a generated Workspace customer → the Google emulator (HTTP, Google's wire format) → the real connector
 * through @googleapis/admin → sync engine → store. Expectations come from the generator's labels (ground truth) and
 * the served data's sizes. Workspace identities only (nativeTypes oauth_client and dwd_client); the Cloud part has
 * its own tests.
 */
const NOW = '2026-11-01T00:00:00.000Z';
const WORKSPACE_TYPES = new Set(['oauth_client', 'dwd_client']);
let data: GoogleEstateData;
let labels: IdentityLabel[];
let edges: EdgeLabel[];
const started: StartedPlatform[] = [];

beforeAll(() => {
  const rng = new Random(20261205);
  const org = generateOrg(rng, 40, new Date(NOW));
  const part = googleGenerator.generate({ org, rng: new Random(7), count: 500, now: new Date(NOW), earlier: {} });
  data = part.data;
  labels = part.identities.filter((l) => WORKSPACE_TYPES.has(l.id.split(':')[2]));
  edges = part.edges ?? [];
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.emulator.close()));
});

async function emulator(options: GoogleEmulatorOptions = {}) {
  const s = await startGoogleEmulator(data, options);
  started.push(s);
  Object.assign(process.env, s.env);
  return s;
}

async function scan(store: Store, s: StartedPlatform, options: Record<string, unknown> = {}): Promise<SyncRun> {
  const [run] = await runSync(
    [{ platform: 'google', tenant: s.tenants[0].tenant, options: { ...(s.tenants[0].options as object), ...options } }],
    {
      store,
      connectors: (id) => (id === 'google' ? googleConnector : undefined),
      log: createLogger({ level: 'error' }),
      clock: { now: () => new Date(NOW) },
    },
  );
  return run;
}

const byName = <T extends { nativeName: string }>(a: T, b: T) =>
  a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0;

const workspaceViews = async (store: Store) =>
  (await listIdentityViews(store, { platform: 'google' })).filter((v) => WORKSPACE_TYPES.has(v.nativeType));

function compare(views: IdentityView[]) {
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
      lastUsedAt: v.lastUsedAt,
      enabled: v.enabled,
      thirdParty: v.thirdParty,
      permissions: [...new Set(v.permissions.map((p) => p.nativeName))].sort(),
      tiers: tiers.sort(byName),
      owner: v.ownerClaims.length ? { email: v.ownerClaims[0].ref, source: v.ownerClaims[0].source } : null,
    };
    const want = {
      kind: label.kind,
      name: label.name,
      createdAt: label.createdAt,
      lastUsedAt: label.lastUsedAt,
      enabled: label.enabled,
      thirdParty: label.thirdParty,
      permissions: label.permissions,
      tiers: label.permissionFacts,
      owner: label.owner ? { email: label.owner.email, source: label.owner.source } : null,
    };
    expect(got, label.id).toEqual(want);
  }
}

const pagesOf = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The fewest Workspace calls: users at 500 a page, one tokens.list per user, token events, two admin event queries. */
function minimumWorkspaceCalls(): number {
  const authorize = data.adminEvents.filter((a) => a.events?.[0]?.name === 'AUTHORIZE_API_CLIENT_ACCESS').length;
  return (
    pagesOf(data.users.length, 500) +
    data.users.length +
    pagesOf(data.tokenEvents.length, 1000) +
    pagesOf(authorize, 1000) +
    pagesOf(data.adminEvents.length - authorize, 1000)
  );
}

describe.each(ENGINES)('Google Workspace end to end on %s', (engine) => {
  it('recovers every labelled OAuth client and delegation and the people, at the minimum Workspace calls', async () => {
    const s = await emulator();
    const store = await openTestStore(engine);
    try {
      const run = await scan(store, s);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      for (const id of ['users', 'user-tokens', 'token-activity', 'admin-activity'])
        expect(run.sources.find((o) => o.source === id)?.status, id).toBe('complete');
      const workspaceCalls = [...s.emulator.requestCounts.entries()]
        .filter(([route]) => route.includes('/admin/'))
        .reduce((a, [, n]) => a + n, 0);
      expect(workspaceCalls).toBe(minimumWorkspaceCalls());
      const people = await listPeople(store, { source: 'google' });
      expect(people.length).toBe(data.users.length);
      expect(
        people
          .filter((p) => p.status === 'departed')
          .map((p) => p.email)
          .sort(),
      ).toEqual(
        data.users
          .filter((u) => u.archived)
          .map((u) => u.primaryEmail)
          .sort(),
      );
      const views = await workspaceViews(store);
      compare(views);
      // Delegation matched to the Cloud part's service accounts exactly as the generator delegated it.
      const delegatedTo = new Map(edges.filter((e) => e.kind === 'delegated_to').map((e) => [e.from, e.to]));
      const dwd = views.filter((v) => v.nativeType === 'dwd_client');
      expect(delegatedTo.size).toBeGreaterThan(0);
      for (const v of dwd) {
        expect(v.attributes.serviceAccountsListed, v.id).toBe(true);
        expect(v.attributes.serviceAccount !== null, v.id).toBe(delegatedTo.has(v.id));
      }
    } finally {
      await store.close();
    }
  });
});

describe('Google connector behaviour against the emulator', () => {
  it('retries 429 RESOURCE_EXHAUSTED with backoff and counts each retry', async () => {
    const s = await emulator({ faults: { throttleEvery: 5, retryAfterSeconds: 0 } });
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { cloud: false });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(s.emulator.faults.throttled).toBeGreaterThan(5);
      expect(run.retries).toBe(s.emulator.faults.throttled);
      expect(run.apiCalls).toBe(s.emulator.totalRequests());
      compare(await workspaceViews(store));
    } finally {
      await store.close();
    }
  });

  it('a 403 on the Reports API: token use and delegation skipped with the scope named, nothing removed', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s, { cloud: false })).status).toBe('succeeded');
      const before = new Map((await workspaceViews(store)).map((v) => [v.id, v]));
      s.emulator.faults.set({
        endpoints: [
          { endpoint: 'GET /admin/reports/v1/activity/users/all/applications/token', fault: '403' },
          { endpoint: 'GET /admin/reports/v1/activity/users/all/applications/admin', fault: '403' },
        ],
      });
      const run = await scan(store, s, { cloud: false });
      expect(run.status).toBe('partial');
      for (const id of ['token-activity', 'admin-activity']) {
        const outcome = run.sources.find((o) => o.source === id);
        expect(outcome?.status, id).toBe('skipped');
        expect(outcome?.problem).toMatchObject({ httpStatus: 403, vendorCode: 'forbidden' });
        expect(outcome?.problem?.permission).toMatch(/admin\.reports\.audit\.readonly/);
      }
      const after = new Map((await workspaceViews(store)).map((v) => [v.id, v]));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [id, v] of before) {
        expect(after.get(id)?.lastUsedAt, id).toBe(v.lastUsedAt);
        expect(after.get(id)?.permissions.length, id).toBe(v.permissions.length);
      }
    } finally {
      await store.close();
    }
  });

  it("one user's tokens.list failing makes that user's grants unknown: the source is partial, no client is removed", async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s, { cloud: false })).status).toBe('succeeded');
      const before = (await workspaceViews(store)).filter((v) => v.nativeType === 'oauth_client');
      const victim = data.users.find((u) => (data.tokens[String(u.id)] ?? []).length > 0)!;
      s.emulator.faults.set({
        endpoints: [{ endpoint: `GET /admin/directory/v1/users/${victim.id}/tokens`, fault: '500' }],
      });
      const run = await scan(store, s, { cloud: false, maxRetries: 0 });
      expect(run.status).toBe('partial');
      const outcome = run.sources.find((o) => o.source === 'user-tokens');
      expect(outcome?.status).toBe('partial');
      expect(outcome?.objectsFailed).toBe(1);
      expect(outcome?.objects[0]?.objectId).toBe(`user ${victim.primaryEmail}`);
      const after = new Map(
        (await workspaceViews(store)).filter((v) => v.nativeType === 'oauth_client').map((v) => [v.id, v]),
      );
      for (const v of before) {
        expect(after.has(v.id), v.id).toBe(true);
        expect(
          after
            .get(v.id)
            ?.permissions.map((p) => p.nativeName)
            .sort(),
          v.id,
        ).toEqual(v.permissions.map((p) => p.nativeName).sort());
      }
    } finally {
      await store.close();
    }
  });

  it('an incremental Reports read asks from the cursor minus the overlap and folds nothing twice', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s, { cloud: false })).status).toBe('succeeded');
      const first = new Map((await workspaceViews(store)).map((v) => [v.id, v.lastUsedAt]));
      expect((await scan(store, s, { cloud: false })).status).toBe('succeeded');
      const second = new Map((await workspaceViews(store)).map((v) => [v.id, v.lastUsedAt]));
      expect(second).toEqual(first);
      compare(await workspaceViews(store));
    } finally {
      await store.close();
    }
  });

  it('option workspace false: the Workspace sources are switched off with the reason, not read as empty', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { workspace: false, cloud: false });
      expect(run.status).toBe('succeeded');
      for (const id of ['users', 'user-tokens', 'token-activity', 'admin-activity'])
        expect(run.sources.find((o) => o.source === id)?.problem?.message, id).toBe(
          'switched off: option workspace: false',
        );
      expect(s.emulator.totalRequests()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('fails clearly without a subject, and with a credentials value that is no service-account key', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const noSubject = await scan(store, s, { subject: undefined, cloud: false });
      expect(noSubject.status).toBe('failed');
      expect(noSubject.errors.join(' ')).toMatch(/options\.subject .* is required/);
      process.env.STEWARD_TEST_BAD_GOOGLE_KEY =
        '{"type":"authorized_user","private_key":"-----BEGIN PRIVATE KEY-----abc"}';
      const badKey = await scan(store, s, {
        accessToken: undefined,
        credentials: { env: 'STEWARD_TEST_BAD_GOOGLE_KEY' },
        cloud: false,
      });
      expect(badKey.status).toBe('failed');
      expect(badKey.errors.join(' ')).toMatch(/options\.credentials is not a service-account key JSON/);
      expect(badKey.errors.join(' ')).not.toContain('BEGIN PRIVATE KEY');
    } finally {
      await store.close();
    }
  });

  it.each([
    ['user-tokens', 'GET /admin/directory/v1/users/{userKey}/tokens'],
    ['token-activity', 'GET /admin/reports/v1/activity/users/all/applications/token'],
    ['admin-activity', 'GET /admin/reports/v1/activity/users/all/applications/admin'],
    ['users', 'GET /admin/directory/v1/users'],
  ])('a malformed item on %s is quarantined and changes nothing stored', async (id, endpoint) => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s, { cloud: false })).status).toBe('succeeded');
      const keep = [
        'id',
        'lastUsedAt',
        'permissions',
        'nativeName',
        'attributes',
        'grantedUsers',
        'name',
        'ownerClaims',
        'ref',
      ];
      const state = async () => new Map((await workspaceViews(store)).map((v) => [v.id, JSON.stringify(v, keep)]));
      const before = await state();
      await store.db.deleteFrom('connector_state').execute();
      s.emulator.faults.set({ endpoints: [{ endpoint, fault: 'malformed-item' }] });
      const run = await scan(store, s, { cloud: false });
      const outcome = run.sources.find((o) => o.source === id);
      expect(outcome?.quarantined, id).toBeGreaterThan(0);
      expect(outcome?.status, id).not.toBe('complete');
      const after = await state();
      expect(after.size).toBe(before.size);
      for (const [vid, v] of before) expect(after.get(vid), vid).toBe(v);
    } finally {
      await store.close();
    }
  });

  it('a Reports endpoint slower than the request timeout is reported as a timeout, not retried as throttling', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      s.emulator.faults.set({
        endpoints: [
          { endpoint: 'GET /admin/reports/v1/activity/users/all/applications/token', fault: 'slow', delayMs: 1500 },
        ],
      });
      const run = await scan(store, s, { cloud: false, requestTimeoutMs: 300 });
      const outcome = run.sources.find((o) => o.source === 'token-activity');
      expect(outcome?.status).toBe('failed');
      expect(outcome?.problem?.kind).toBe('timeout');
      expect(run.retries).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('service accounts unknown (projects refused): the delegation match is kept as stored, not turned into "none"', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s)).status).toBe('succeeded');
      const dwd = async () => (await workspaceViews(store)).filter((v) => v.nativeType === 'dwd_client');
      const before = await dwd();
      expect(before.filter((v) => v.attributes.serviceAccount !== null).length).toBeGreaterThan(0);
      const projects = CLOUD_SOURCES.find((x) => x.id === 'cloud-projects')!;
      s.emulator.faults.set({ endpoints: projects.endpoints.map((endpoint) => ({ endpoint, fault: '403' as const })) });
      const run = await scan(store, s);
      expect(run.status).toBe('partial');
      const after = new Map((await dwd()).map((v) => [v.id, v]));
      for (const v of before) {
        expect(after.get(v.id)?.attributes, v.id).toEqual(v.attributes);
        expect(
          after.get(v.id)?.stale.map((x) => x.field),
          v.id,
        ).toEqual(['attributes.serviceAccount', 'attributes.serviceAccountsListed']);
      }
    } finally {
      await store.close();
    }
  });
});
