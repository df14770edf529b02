import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate, type IdentityLabel } from '../../../emulation/estate/index.js';
import type { PermissionLabel } from '../../../emulation/estate/labels.js';
import type { GitHubEstateData } from '../estate/types.js';
import { appTenantOptions, startGitHubEmulator, type GitHubEmulatorOptions } from '../emulator/index.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import { countIdentities, listIdentityViews, listPeople, type IdentityView } from '../../../store/inventory-reader.js';
import type { Store } from '../../../store/index.js';
import { ENGINES, openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { runSync } from '../../../sync/engine.js';

/**
 * End to end: generated org → GitHub emulator (HTTP) → real connector through @octokit/rest → sync engine → store.
 * Every expectation comes from estate.labels (ground truth), never from the generator's vendor data.
 */
const SEED = 20240611;
let estate: Estate;
const started: Array<StartedPlatform & { emulator: { close(): Promise<void> } }> = [];

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['github'], size: 300, seed: SEED });
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.emulator.close()));
});

async function emulator(options: GitHubEmulatorOptions = {}) {
  const s = await startGitHubEmulator(estate.platforms.github as GitHubEstateData, options);
  started.push(s);
  Object.assign(process.env, s.env);
  return s;
}

const fast = { backoffUnitMs: 1 };

async function scan(
  store: Store,
  s: StartedPlatform,
  options: Record<string, unknown>,
  log = createLogger({ level: 'error' }),
): Promise<SyncRun> {
  const [run] = await runSync([{ platform: 'github', tenant: s.tenants[0].tenant, options }], {
    store,
    connectors: connectorFor,
    log,
  });
  return run;
}

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'info', write: (l) => lines.push(l) }) };
}

/** The stored tier of each permission, in the labels' shape (one per name, sorted by name). */
function permissionFacts(v: IdentityView): PermissionLabel[] {
  const byName = new Map(
    v.permissions.map((p) => [
      p.nativeName,
      { nativeName: p.nativeName, access: p.access, sensitivity: p.sensitivity, pathToAdmin: p.pathToAdmin },
    ]),
  );
  return [...byName.values()].sort((a, b) => (a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0));
}

/**
 * Compares the stored inventory with the labels (exact match of the labelled fields, nothing unlabelled): the
 * estate labels each permission's access, sensitivity and pathToAdmin from its own catalogue (estate/catalogue.ts),
 * so a change to connector/permission-map.ts that the catalogue does not share fails here.
 */
function compare(views: IdentityView[], labels: IdentityLabel[]) {
  const loginToEmail = new Map(estate.labels.people.map((p) => [p.login, p.email]));
  const byId = new Map(views.map((v) => [v.id, v]));
  const labelIds = new Set(labels.map((l) => l.id));
  expect(views.filter((v) => !labelIds.has(v.id)).map((v) => v.id)).toEqual([]);
  const missing = labels.filter((l) => !byId.has(l.id)).map((l) => l.id);
  expect(missing).toEqual([]);
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
      permissionFacts: permissionFacts(v),
      owner: v.ownerClaims.length
        ? { email: loginToEmail.get(v.ownerClaims[0].ref) ?? null, source: v.ownerClaims[0].source }
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
      permissionFacts: label.permissionFacts,
      owner: label.owner ? { email: label.owner.email, source: label.owner.source } : null,
    };
    expect(got, label.id).toEqual(want);
  }
}

describe.each(ENGINES)('GitHub end to end on %s', (engine) => {
  it('recovers every labelled identity and the org members through the emulator', async () => {
    const s = await emulator();
    const store = await openTestStore(engine);
    try {
      const run = await scan(store, s, { ...s.tenants[0].options });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.mode).toBe('full');
      expect(run.apiCalls).toBe(s.emulator.totalRequests());
      expect(run.pages).toBeGreaterThan(0);
      expect(run.counts.identities).toBe(estate.labels.identities.length);
      compare(await listIdentityViews(store, { platform: 'github' }), estate.labels.identities);

      const people = await listPeople(store, { source: 'github' });
      const byLogin = new Map(people.map((p) => [p.login, p]));
      for (const p of estate.labels.people.filter((x) => x.status === 'active')) {
        const stored = byLogin.get(p.login);
        expect(stored, p.login).toBeDefined();
        if (stored!.email !== null) expect(stored!.email).toBe(p.email);
      }
      const known = new Set(estate.labels.people.map((p) => p.login));
      expect(people.every((p) => known.has(p.login!))).toBe(true);
      expect(people.some((p) => p.email !== null)).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('GitHub connector behaviour against the emulator', () => {
  it('authenticates as the App installation (JWT → installation token) and recovers everything', async () => {
    const s = await emulator({ patListsForTokens: false });
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, appTenantOptions(s));
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(s.emulator.requestCounts.get('POST /app/installations/:installation_id/access_tokens')).toBe(1);
      compare(await listIdentityViews(store, { platform: 'github' }), estate.labels.identities);
    } finally {
      await store.close();
    }
  });

  it("a classic token's 403 on the fine-grained PAT lists skips them and keeps what an App scan stored", async () => {
    const s = await emulator({ patListsForTokens: false });
    const store = await openTestStore('sqlite');
    const { lines, log } = capture();
    try {
      expect((await scan(store, s, appTenantOptions(s))).status).toBe('succeeded');
      const run = await scan(store, s, { ...s.tenants[0].options }, log);
      expect(run.status).toBe('partial');
      expect(run.counts.removed).toBe(0);
      for (const [id, endpoint] of [
        ['pat-grants', 'GET /orgs/{org}/personal-access-tokens'],
        ['pat-requests', 'GET /orgs/{org}/personal-access-token-requests'],
      ]) {
        const outcome = run.sources.find((o) => o.source === id);
        expect(outcome?.status, id).toBe('skipped');
        expect(outcome?.problem).toMatchObject({ kind: 'http', httpStatus: 403, endpoint });
        expect(outcome?.problem?.message).toContain('Resource not accessible by personal access token');
        expect(outcome?.problem?.permission).toMatch(/GitHub App auth only/);
      }
      expect(run.sources.filter((o) => o.status !== 'complete').map((o) => o.source)).toEqual([
        'pat-grants',
        'pat-requests',
      ]);
      // Every labelled identity is still there (gone ones are hidden), PAT grants and requests included.
      compare(await listIdentityViews(store, { platform: 'github' }), estate.labels.identities);
      expect(lines.some((l) => l.includes('source pat-grants skipped') && l.includes('HTTP 403'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a 404 on credential authorizations (not GHEC) skips the source and keeps what a GHEC scan stored', async () => {
    const ghec = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, ghec, { ...ghec.tenants[0].options })).status).toBe('succeeded');
      const plain = await emulator({ ghec: false }); // its token replaces the first one's in the environment
      const isCred = (l: IdentityLabel) => l.id.includes(':credential_authorization:');
      expect(estate.labels.identities.some(isCred)).toBe(true);
      const run = await scan(store, plain, { ...plain.tenants[0].options });
      expect(run.status).toBe('partial');
      const outcome = run.sources.find((o) => o.source === 'credential-authorizations');
      expect(outcome?.status).toBe('skipped');
      expect(outcome?.problem).toMatchObject({
        kind: 'http',
        httpStatus: 404,
        endpoint: 'GET /orgs/{org}/credential-authorizations',
      });
      expect(outcome?.problem?.permission).toMatch(/GitHub Enterprise Cloud with SAML SSO only/);
      expect(run.counts.removed).toBe(0);
      compare(await listIdentityViews(store, { platform: 'github' }), estate.labels.identities);
    } finally {
      await store.close();
    }
  });

  it('honours primary and secondary rate limits and counts the retries in the SyncRun', async () => {
    const s = await emulator({ faults: { throttleEvery: 5, retryAfterSeconds: 0 } });
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { ...s.tenants[0].options, ...fast });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(s.emulator.faults.throttled).toBeGreaterThan(2);
      expect(run.retries).toBe(s.emulator.faults.throttled);
      expect(run.apiCalls).toBe(s.emulator.totalRequests());
      expect(await countIdentities(store, { platform: 'github' })).toBe(estate.labels.identities.length);
    } finally {
      await store.close();
    }
  });

  it('an outage mid-scan leaves a partial or failed run and deletes nothing from a complete earlier scan', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const first = await scan(store, s, { ...s.tenants[0].options });
      expect(first.status).toBe('succeeded');
      const before = await countIdentities(store, { platform: 'github' });
      expect(before).toBe(estate.labels.identities.length);

      s.emulator.faults.set({ failAfterRequests: Math.floor(first.apiCalls / 2) });
      s.emulator.faults.requests = 0;
      const second = await scan(store, s, { ...s.tenants[0].options, ...fast, maxRetries: 1 });
      // Where the outage starts decides which sources fail; a required one (the repository list) fails the run.
      expect(['partial', 'failed']).toContain(second.status);
      const problems = second.sources.flatMap((o) => [o.problem, ...o.objects]).filter((p) => p !== null);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.kind === 'http' && p.httpStatus === 500)).toBe(true);
      expect(second.counts.removed).toBe(0);
      expect(await countIdentities(store, { platform: 'github' })).toBe(before);
      expect((await listPeople(store, { source: 'github' })).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('fails with a clear error on bad credentials (401) without touching stored data', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      process.env.STEWARD_TEST_BAD_GH_TOKEN = 'ghp_not-a-valid-token-000000000000000000';
      const run = await scan(store, s, { baseUrl: s.emulator.url, token: { env: 'STEWARD_TEST_BAD_GH_TOKEN' } });
      expect(run.status).toBe('failed');
      expect(run.errors.join(' ')).toMatch(/Bad credentials.*401|401/);
      expect(run.errors.join(' ')).not.toContain('ghp_not-a-valid-token');
    } finally {
      await store.close();
    }
  });

  it('rejects options that set both or neither auth method', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { baseUrl: s.emulator.url });
      expect(run.status).toBe('failed');
      expect(run.errors.join(' ')).toMatch(/exactly one of `token`/);
    } finally {
      await store.close();
    }
  });
});
