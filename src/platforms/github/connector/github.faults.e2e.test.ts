import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import type { EndpointFault } from '../../../emulation/kit/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { startGitHubEmulator } from '../emulator/index.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import { listIdentityViews } from '../../../store/inventory-reader.js';
import type { Store } from '../../../store/index.js';
import { openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { runSync } from '../../../sync/engine.js';

/**
 * Per-source faults through the real connector and engine: a clean scan, then the same org with one endpoint
 * refusing, failing per repository, sending a malformed item, stalling or cut off. What the first scan stored must
 * survive, and the run must say which endpoint failed, how, and what permission would fix it. Expected values come
 * from the estate's labels and GitHub's documented endpoints, never from the connector.
 */
let estate: Estate;
let data: GitHubEstateData;
let s: Awaited<ReturnType<typeof startGitHubEmulator>>;
const fast = { backoffUnitMs: 1, maxRetries: 1 };

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['github'], size: 300, seed: 20240611 });
  data = estate.platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data);
  Object.assign(process.env, s.env);
});
afterAll(async () => {
  await s.emulator.close();
});
afterEach(() => {
  s.emulator.faults.reset();
});

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'info', write: (l) => lines.push(l) }) };
}

async function scan(store: Store, options: Record<string, unknown> = {}, log = createLogger({ level: 'error' })) {
  const [run] = await runSync(
    [{ platform: 'github', tenant: s.tenants[0].tenant, options: { ...s.tenants[0].options, ...fast, ...options } }],
    { store, connectors: connectorFor, log },
  );
  return run;
}

/** A clean scan, then one with the faults: returns the second run; the caller closes the store. */
async function faulted(
  store: Store,
  endpoints: Array<Partial<EndpointFault>>,
  options = {},
  log?: ReturnType<typeof createLogger>,
) {
  expect((await scan(store)).status).toBe('succeeded');
  s.emulator.faults.set({ endpoints: endpoints as EndpointFault[] });
  return scan(store, options, log);
}

const outcome = (run: SyncRun, id: string) => run.sources.find((o) => o.source === id);
const notComplete = (run: SyncRun) => run.sources.filter((o) => o.status !== 'complete').map((o) => o.source);
const storedIds = async (store: Store) =>
  (await listIdentityViews(store, { platform: 'github' })).map((v) => v.id).sort();
const labelIds = () =>
  estate.labels.identities
    .filter((l) => l.platform === 'github')
    .map((l) => l.id)
    .sort();

describe('GitHub per-source faults against the emulator', () => {
  it('a 403 on org secrets skips that source, names endpoint and permission, and keeps every stored identity', async () => {
    const store = await openTestStore('sqlite');
    try {
      const run = await faulted(store, [{ endpoint: 'GET /orgs/{org}/actions/secrets', fault: '403' }]);
      expect(run.status).toBe('partial');
      expect(notComplete(run)).toEqual(['org-secrets']);
      expect(outcome(run, 'org-secrets')).toMatchObject({
        status: 'skipped',
        problem: {
          kind: 'http',
          httpStatus: 403,
          endpoint: 'GET /orgs/{org}/actions/secrets',
          permission: expect.stringContaining('"Secrets" organization permission (read)'),
        },
      });
      expect(outcome(run, 'org-secrets')?.problem?.message).toContain('Resource not accessible by integration');
      expect(run.counts.removed).toBe(0);
      expect(await storedIds(store)).toEqual(labelIds());
      expect(run.errors.join('\n')).toMatch(
        /GET \/orgs\/\{org\}\/actions\/secrets answered HTTP 403.*needs: "Secrets"/,
      );
    } finally {
      await store.close();
    }
  });

  it("a 404 on one repository's deploy keys leaves that repository's keys as stored and reads every other", async () => {
    const store = await openTestStore('sqlite');
    try {
      const repo = data.repos.find((r) => r.keys.length > 0)!;
      const fullName = `${data.org.login}/${repo.name}`;
      const run = await faulted(store, [{ endpoint: `GET /repos/${data.org.login}/${repo.name}/keys`, fault: '404' }]);
      expect(run.status).toBe('partial');
      expect(notComplete(run)).toEqual(['repo-deploy-keys']);
      const keys = outcome(run, 'repo-deploy-keys');
      expect(keys).toMatchObject({ status: 'partial', objectsFailed: 1 });
      expect(keys?.objects).toEqual([
        expect.objectContaining({
          objectId: fullName,
          httpStatus: 404,
          endpoint: 'GET /repos/{owner}/{repo}/keys',
          message: expect.stringContaining('Not Found'),
        }),
      ]);
      expect(await storedIds(store)).toEqual(labelIds());
      // The failed repository's keys still carry the clean run; every other key was written by this one.
      const rows = await store.db
        .selectFrom('identities')
        .select(['native_id', 'sync_run_id'])
        .where('native_type', '=', 'deploy_key')
        .execute();
      const failedKeys = new Set(repo.keys.map((k) => String(k.id)));
      for (const row of rows) {
        if (failedKeys.has(row.native_id)) expect(row.sync_run_id, row.native_id).not.toBe(run.id);
        else expect(row.sync_run_id, row.native_id).toBe(run.id);
      }
    } finally {
      await store.close();
    }
  });

  it('a malformed credential authorization is quarantined; the rest are read and nothing stored is lost', async () => {
    const store = await openTestStore('sqlite');
    try {
      const run = await faulted(store, [
        { endpoint: 'GET /orgs/{org}/credential-authorizations', fault: 'malformed-item' },
      ]);
      expect(run.counts.quarantined).toBe(1);
      expect(outcome(run, 'credential-authorizations')).toMatchObject({ status: 'partial', quarantined: 1 });
      expect(run.status).toBe('partial');
      expect(notComplete(run)).toEqual(['credential-authorizations']);
      expect(await storedIds(store)).toEqual(labelIds());
    } finally {
      await store.close();
    }
  });

  it('a body cut off mid-JSON fails the source as malformed, never as an empty list', async () => {
    const store = await openTestStore('sqlite');
    try {
      const run = await faulted(store, [{ endpoint: 'GET /orgs/{org}/hooks', fault: 'truncate' }]);
      expect(run.status).toBe('partial');
      expect(outcome(run, 'org-hooks')).toMatchObject({
        status: 'failed',
        problem: { kind: 'malformed', endpoint: 'GET /orgs/{org}/hooks', httpStatus: null },
      });
      expect(await storedIds(store)).toEqual(labelIds());
    } finally {
      await store.close();
    }
  });

  it('a stalled endpoint times out after requestTimeoutMs, once, and only its source fails', async () => {
    const store = await openTestStore('sqlite');
    try {
      const run = await faulted(store, [{ endpoint: 'GET /orgs/{org}/hooks', fault: 'slow', delayMs: 5_000 }], {
        requestTimeoutMs: 300,
      });
      expect(Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt)).toBeLessThan(5_000);
      expect(run.status).toBe('partial');
      expect(notComplete(run)).toEqual(['org-hooks']);
      expect(outcome(run, 'org-hooks')).toMatchObject({
        status: 'failed',
        problem: { kind: 'timeout', endpoint: 'GET /orgs/{org}/hooks', httpStatus: null },
      });
      expect(outcome(run, 'org-hooks')?.problem?.message).toContain('within 300 ms');
      expect(run.retries).toBe(0);
      expect(await storedIds(store)).toEqual(labelIds());
    } finally {
      await store.close();
    }
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('GitHub network errors', () => {
  it('a refused connection is a network error (not HTTP 500), retried maxRetries times without rate-limit waits', async () => {
    const store = await openTestStore('sqlite');
    const { lines, log } = capture();
    try {
      const baseUrl = `http://127.0.0.1:${await closedPort()}`;
      const run = await scan(store, { baseUrl, maxRetries: 2 }, log);
      expect(run.status).toBe('failed');
      for (const id of ['members', 'org-secrets', 'repositories'])
        expect(outcome(run, id), id).toMatchObject({
          status: 'failed',
          problem: { kind: 'network', httpStatus: null, vendorCode: 'ECONNREFUSED', permission: null },
        });
      expect(outcome(run, 'repositories')?.problem?.endpoint).toBe('GET /orgs/{org}/repos');
      // Each request: one attempt and two retries, none of them a rate-limit wait.
      expect(run.apiCalls).toBeGreaterThan(0);
      expect(run.retries).toBe((run.apiCalls / 3) * 2);
      expect(lines.filter((l) => /rate limit/i.test(l))).toEqual([]);
      expect(lines.some((l) => l.includes('retrying: ECONNREFUSED on GET'))).toBe(true);
      expect(run.errors.join('\n')).not.toMatch(/HTTP 500/);
      expect(run.errors.join('\n')).toMatch(/network error ECONNREFUSED/);
    } finally {
      await store.close();
    }
  });
});
