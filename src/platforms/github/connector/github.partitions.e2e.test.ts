import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { startGitHubEmulator } from '../emulator/index.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import { listIdentityViews, listPeople, type IdentityView } from '../../../store/inventory-reader.js';
import type { Store } from '../../../store/index.js';
import { openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { runSync, splitJobs, type TenantJob } from '../../../sync/engine.js';

/**
 * A GitHub org split into sub-scopes (`partitions: N`: `org` + `repos:k/N`, docs/scale.md §5), through @octokit/rest
 * and HTTP to the emulator. The N+1 scoped runs must together store exactly what one unsplit run stores — checked
 * against the ground-truth labels too — with each repository's records in exactly one repos scope, for at most
 * N×ceil(repos/100) more API calls (each repos scope lists the repositories).
 */
const SEED = 20240611;
const N = 3;
let estate: Estate;
let data: GitHubEstateData;
let s: StartedPlatform & { emulator: { close(): Promise<void> } };
const log = createLogger({ level: 'error' });

beforeAll(async () => {
  // 1,000 NHIs: 125 repositories, so listing them takes two pages.
  estate = await generateEstate({ platforms: ['github'], size: 1000, seed: SEED });
  data = estate.platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data, {});
  Object.assign(process.env, s.env);
});
afterAll(async () => {
  await s?.emulator.close();
});

const tenantJob = (options: Record<string, unknown>): TenantJob => ({
  platform: 'github',
  tenant: s.tenants[0].tenant,
  options,
  configPath: 'tenants[0]',
});

async function scan(store: Store, jobs: TenantJob[], concurrency = 1): Promise<SyncRun[]> {
  return runSync(jobs, { store, connectors: connectorFor, log, concurrency });
}

/** Everything stored about an identity but when and by which run. */
function content(v: IdentityView) {
  const { firstSeen: _f, lastSeen: _l, owner: _o, ...rest } = v;
  return {
    ...rest,
    credentials: [...v.credentials].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

describe('GitHub org split into sub-scopes (partitions) against the emulator', () => {
  it('N+1 scoped runs store exactly what one unsplit run stores, each repository in one scope, for ≤ N×ceil(repos/100) more calls', async () => {
    const unsplitStore = await openTestStore('sqlite');
    const splitStore = await openTestStore('sqlite');
    try {
      const options = { ...s.tenants[0].options, partitions: N };
      // A local run of the same options is one unsplit run: splitting happens only for queued scans.
      const [whole] = await scan(unsplitStore, [tenantJob(options)]);
      expect(whole.errors).toEqual([]);
      expect(whole.status).toBe('succeeded');
      expect(whole.scope ?? null).toBeNull();
      expect(whole.counts.identities).toBe(estate.labels.identities.length);

      const jobs = splitJobs([tenantJob(options)], connectorFor);
      expect(jobs.map((j) => j.scope)).toEqual(['org', 'repos:0/3', 'repos:1/3', 'repos:2/3']);
      const runs = await scan(splitStore, jobs, jobs.length);
      for (const r of runs) expect(r.errors, r.scope ?? '').toEqual([]);
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
      expect(runs.map((r) => r.scope)).toEqual(jobs.map((j) => j.scope));

      // Same identities, same content (ids, names, credentials, permissions, claims, attributes).
      const a = await listIdentityViews(unsplitStore, { platform: 'github' });
      const b = await listIdentityViews(splitStore, { platform: 'github' });
      expect(b.map((v) => v.id)).toEqual(a.map((v) => v.id));
      expect(b.map(content)).toEqual(a.map(content));
      expect(new Set(b.map((v) => v.id))).toEqual(new Set(estate.labels.identities.map((l) => l.id)));
      expect((await listPeople(splitStore, { source: 'github' })).map((p) => p.id).sort()).toEqual(
        (await listPeople(unsplitStore, { source: 'github' })).map((p) => p.id).sort(),
      );

      // Every repository-scoped record is in exactly one repos scope; everything else in `org`.
      const scopeOf = new Map(
        (await splitStore.db.selectFrom('identities').select(['id', 'scope']).execute()).map((r) => [r.id, r.scope]),
      );
      const scopesByRepo = new Map<string, Set<string>>();
      for (const v of b) {
        const repo = (v.attributes as { repository?: string }).repository;
        const scope = scopeOf.get(v.id)!;
        if (repo === undefined) {
          expect(scope, v.id).toBe('org');
          continue;
        }
        expect(scope, v.id).toMatch(/^repos:\d\/3$/);
        scopesByRepo.set(repo, (scopesByRepo.get(repo) ?? new Set()).add(scope));
      }
      expect(scopesByRepo.size).toBeGreaterThan(N);
      for (const [repo, scopes] of scopesByRepo) expect([...scopes], repo).toHaveLength(1);
      // The split is real: every repos scope has repositories, and the run counts add up.
      expect(new Set([...scopesByRepo.values()].map((x) => [...x][0])).size).toBe(N);
      expect(runs.reduce((n, r) => n + r.counts.identities, 0)).toBe(whole.counts.identities);
      expect(runs[0].counts.people).toBe(whole.counts.people);
      expect(runs.slice(1).every((r) => r.counts.people === 0)).toBe(true);

      // Calls: the repos scopes each list the repositories again; nothing else is repeated.
      const listPages = Math.ceil(data.repos.length / 100);
      expect(listPages).toBeGreaterThan(1);
      const total = runs.reduce((n, r) => n + r.apiCalls, 0);
      expect(total).toBeLessThanOrEqual(whole.apiCalls + N * listPages);
      expect(total).toBe(whole.apiCalls + (N - 1) * listPages);
      expect(runs[0].apiCalls).toBeLessThan(whole.apiCalls - 3 * data.repos.length);
    } finally {
      await unsplitStore.close();
      await splitStore.close();
    }
  });

  it("a repos scope's run marks gone a deploy key deleted at the vendor and leaves the other scopes' rows alone", async () => {
    const store = await openTestStore('sqlite');
    try {
      const options = { ...s.tenants[0].options, partitions: N };
      const jobs = splitJobs([tenantJob(options)], connectorFor);
      await scan(store, jobs, jobs.length);
      const repo = data.repos.find((r) => r.keys.length > 0)!;
      const keyRow = await store.db
        .selectFrom('identities')
        .select(['id', 'scope'])
        .where('native_type', '=', 'deploy_key')
        .where('native_id', '=', String(repo.keys[0].id))
        .executeTakeFirstOrThrow();
      const before = await store.db
        .selectFrom('identities')
        .select(['id', 'scope', 'sync_run_id', 'gone_at'])
        .orderBy('id')
        .execute();
      expect(before.every((r) => r.gone_at === null)).toBe(true);

      const removed = repo.keys.shift()!;
      try {
        const [run] = await scan(
          store,
          jobs.filter((j) => j.scope === keyRow.scope),
        );
        expect(run.status).toBe('succeeded');
        expect(run.counts.removed).toBe(1);
      } finally {
        repo.keys.unshift(removed);
      }
      const after = await store.db
        .selectFrom('identities')
        .select(['id', 'scope', 'sync_run_id', 'gone_at'])
        .orderBy('id')
        .execute();
      // Kept as gone, not deleted: the only row that changed state is the deleted key's.
      expect(after.filter((r) => r.gone_at !== null).map((r) => r.id)).toEqual([keyRow.id]);
      expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
      // Rows of the other scopes still carry the runs that wrote them.
      const untouched = (rows: typeof before) => rows.filter((r) => r.scope !== keyRow.scope);
      expect(untouched(after)).toEqual(untouched(before));
      expect(after.some((r) => r.scope === keyRow.scope && r.id.includes(':deploy_key:'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
