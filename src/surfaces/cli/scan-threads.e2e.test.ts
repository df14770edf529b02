import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../emulation/estate/index.js';
import { startEmulatedEstate, type EmulatedEstate } from '../../emulation/start.js';
import { openStore } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';
import { createTestDatabase } from '../../testing/pg.js';
import { type Engine, ENGINES } from '../../testing/store.js';
import { EXIT } from './context.js';
import { localScanPlan, startWeight } from './commands/scan.js';
import { connectorFor } from '../../platforms/registry.js';
import type { GitHubEstateData } from '../../platforms/github/estate/types.js';

/**
 * `scan --threads 2`: tenants sync in worker threads and ownership and risk run over id ranges in analysis threads.
 * What lands in the store must be what the estate's labels say, and exactly what an in-process scan stores.
 */
const estate = await generateEstate({
  size: 400,
  seed: 23,
  platforms: ['github', 'entra', 'aws', 'okta'],
  now: new Date().toISOString(),
});

interface Stored {
  identities: string[];
  findings: string[];
  owners: string[];
  runs: string[];
}

async function scanWith(
  dir: string,
  threads: string,
  tenants: unknown,
  engine: Engine,
): Promise<Stored & { code: number; stderr: string }> {
  const storePath = engine === 'postgres' ? await createTestDatabase() : join(dir, `threads-${threads}.db`);
  const cfg = join(dir, `threads-${threads}.yaml`);
  writeFileSync(cfg, stringify({ tenants }));
  const r = await runCli(['--config', cfg, '--store', storePath, 'scan', '--threads', threads, '--format', 'json']);
  const store = await openStore(storePath);
  try {
    const ids = await store.db.selectFrom('identities').select('id').where('gone_at', 'is', null).execute();
    const findings = await store.db
      .selectFrom('findings')
      .select(['rule_id', 'identity_id', 'status', 'severity'])
      .execute();
    const owners = await store.db
      .selectFrom('ownership')
      .select(['identity_id', 'owner_email', 'owner_team', 'orphan'])
      .execute();
    const runs = await store.db.selectFrom('sync_runs').select(['platform', 'tenant', 'scope', 'status']).execute();
    return {
      code: r.code,
      stderr: r.stderr,
      identities: ids.map((i) => i.id).sort(),
      findings: findings.map((f) => `${f.rule_id} ${f.identity_id} ${f.status} ${f.severity}`).sort(),
      owners: owners.map((o) => `${o.identity_id} ${o.owner_email} ${o.owner_team} ${o.orphan}`).sort(),
      runs: runs.map((x) => `${x.platform}:${x.tenant}${x.scope ? `#${x.scope}` : ''} ${x.status}`).sort(),
    };
  } finally {
    await store.close();
  }
}

describe('steward scan --threads', () => {
  let emulated: EmulatedEstate;
  let dir: string;

  beforeAll(async () => {
    emulated = await startEmulatedEstate(estate);
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    dir = mkdtempSync(join(tmpdir(), 'steward-threads-'));
  });
  afterAll(async () => emulated?.close());

  it.each(ENGINES)(
    'stores the labelled inventory and planted findings on %s, the same as an in-process scan',
    async (engine) => {
      const threaded = await scanWith(dir, '2', emulated.tenants, engine);
      expect(threaded.code, threaded.stderr).toBe(EXIT.ok);
      // On two threads the GitHub org is split: its org-level lists and two halves of its repositories.
      const scopes = (platform: string) => (platform === 'github' ? ['#org', '#repos:0/2', '#repos:1/2'] : ['']);
      expect(threaded.runs).toEqual(
        emulated.tenants
          .flatMap((t) => scopes(t.platform).map((s) => `${t.platform}:${t.tenant}${s} succeeded`))
          .sort(),
      );
      expect(threaded.identities).toEqual(estate.labels.identities.map((l) => l.id).sort());
      const open = new Set(
        threaded.findings.filter((f) => f.split(' ')[2] === 'open').map((f) => f.split(' ').slice(0, 2).join(' ')),
      );
      for (const label of estate.labels.identities)
        for (const risk of label.risks) expect(open.has(`${risk} ${label.id}`), `${risk} on ${label.id}`).toBe(true);
      const inProcess = await scanWith(dir, '1', emulated.tenants, engine);
      expect(threaded.identities).toEqual(inProcess.identities);
      expect(threaded.findings).toEqual(inProcess.findings);
      expect(threaded.owners).toEqual(inProcess.owners);
    },
  );

  it('refuses a thread count out of range with a usage error', async () => {
    const r = await runCli(['scan', '--threads', '0']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/--threads.*expected a whole number from 1 to 16/);
  });
});

/**
 * One GitHub org on two threads (docs/scale.md §4a): the org is split into `org`, `repos:0/2` and `repos:1/2`, each
 * its own run and thread, and ends with exactly the identities and credentials of an unsplit in-process scan. A
 * scope that fails leaves its stored rows as they were: a deploy key deleted at the vendor while the repository list
 * is refused is still there (unknown is not empty), and goes with the next complete run of its scope.
 */
const github = await generateEstate({ size: 600, seed: 31, platforms: ['github'], now: new Date().toISOString() });

describe('steward scan --threads 2 on one large GitHub org', () => {
  let emulated: EmulatedEstate;
  let dir: string;
  let tenants: unknown;

  beforeAll(async () => {
    emulated = await startEmulatedEstate(github);
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    dir = mkdtempSync(join(tmpdir(), 'steward-split-'));
    tenants = emulated.tenants;
  });
  afterAll(async () => emulated?.close());

  async function scanInto(storePath: string, threads: string) {
    const cfg = join(dir, `split-${threads}.yaml`);
    writeFileSync(cfg, stringify({ tenants }));
    const r = await runCli(['--config', cfg, '--store', storePath, 'scan', '--threads', threads, '--format', 'json']);
    const store = await openStore(storePath);
    try {
      const identities = await store.db
        .selectFrom('identities')
        .select(['id', 'native_type', 'native_id', 'scope', 'sync_run_id', 'gone_at'])
        .orderBy('id')
        .execute();
      const credentials = await store.db.selectFrom('credentials').select('id').orderBy('id').execute();
      const runs = await store.db
        .selectFrom('sync_runs')
        .select(['id', 'scope', 'status'])
        .orderBy('started_at', 'desc')
        .execute();
      return { code: r.code, stderr: r.stderr, identities, credentials: credentials.map((c) => c.id), runs };
    } finally {
      await store.close();
    }
  }
  const current = (rows: Array<{ id: string; gone_at: string | null }>) =>
    rows.filter((x) => x.gone_at === null).map((x) => x.id);

  it('stores exactly what an unsplit single-thread scan stores; a failed scope keeps its rows', async () => {
    const splitStore = join(dir, 'split.db');
    const split = await scanInto(splitStore, '2');
    expect(split.code, split.stderr).toBe(EXIT.ok);
    expect(split.runs.map((r) => `${r.scope} ${r.status}`).sort()).toEqual([
      'org succeeded',
      'repos:0/2 succeeded',
      'repos:1/2 succeeded',
    ]);
    const whole = await scanInto(join(dir, 'whole.db'), '1');
    expect(whole.code, whole.stderr).toBe(EXIT.ok);
    expect(whole.runs.map((r) => `${r.scope} ${r.status}`)).toEqual([' succeeded']);
    expect(current(split.identities)).toEqual(current(whole.identities));
    expect(current(split.identities)).toEqual(github.labels.identities.map((l) => l.id).sort());
    expect(split.credentials).toEqual(whole.credentials);
    expect(split.credentials.length).toBeGreaterThan(0);
    // Both repository halves hold records: the split is real.
    const scopes = new Set(split.identities.map((x) => x.scope));
    expect([...scopes].sort()).toEqual(['org', 'repos:0/2', 'repos:1/2']);

    // A deploy key is deleted at the vendor while the repository list (which both repos scopes need) is refused.
    const data = github.platforms.github as GitHubEstateData;
    const repo = data.repos.find((r) => r.keys.length > 0);
    if (!repo) throw new Error('the estate has no deploy key');
    const removed = repo.keys.shift();
    const keyId = split.identities.find(
      (x) => x.native_type === 'deploy_key' && x.native_id === String(removed?.id),
    )?.id;
    expect(keyId).toBeDefined();
    const faults = emulated.started[0].emulator.faults;
    try {
      faults.set({ endpoints: [{ endpoint: 'GET /orgs/{org}/repos', fault: '403' }] });
      const refused = await scanInto(splitStore, '2');
      expect(refused.code).toBe(EXIT.failed);
      const latest = refused.runs
        .slice(0, 3)
        .map((r) => `${r.scope} ${r.status}`)
        .sort();
      expect(latest).toEqual(['org succeeded', 'repos:0/2 failed', 'repos:1/2 failed']);
      // The repos scopes' rows are exactly as their last complete runs left them, the deleted key included.
      const repos = (rows: typeof split.identities) => rows.filter((x) => x.scope !== 'org');
      expect(repos(refused.identities)).toEqual(repos(split.identities));
      expect(current(refused.identities)).toContain(keyId);

      faults.set({});
      const clean = await scanInto(splitStore, '2');
      expect(clean.code, clean.stderr).toBe(EXIT.ok);
      expect(current(clean.identities)).not.toContain(keyId);
      expect(clean.identities.find((x) => x.id === keyId)?.gone_at).not.toBeNull();
      expect(current(clean.identities).length).toBe(current(split.identities).length - 1);
    } finally {
      faults.set({});
      if (removed) repo.keys.unshift(removed);
    }
  }, 900_000);
});

// GitHub's options must validate for its connector to name scopes; the token is a reference, never read here.
process.env.STEWARD_SPLIT_TEST_TOKEN = 'not-a-token';
const ghOptions = { token: { env: 'STEWARD_SPLIT_TEST_TOKEN' } };

describe('localScanPlan', () => {
  const jobs = [
    { platform: 'github', tenant: 'a', options: ghOptions },
    { platform: 'okta', tenant: 'b', options: {} },
  ] as const;
  const plan = (setting: number | 'auto', list: readonly (typeof jobs)[number][], calls: number) => {
    const p = localScanPlan(setting, [...list], () => calls, connectorFor);
    return { threads: p.threads, jobs: p.jobs.map((j) => `${j.platform}:${j.tenant}${j.scope ? `#${j.scope}` : ''}`) };
  };
  it("'auto' stays in-process until the store has seen a large estate, then takes the cores", () => {
    expect(plan('auto', jobs, 0)).toEqual({ threads: 1, jobs: ['github:a', 'okta:b'] });
    const cores = Math.min(availableParallelism(), 4);
    if (cores < 2) return; // one core: nothing to split over
    const large = plan('auto', [jobs[1]], 1_000_000);
    // An Okta org cannot be split: one job stays one thread.
    expect(large).toEqual({ threads: 1, jobs: ['okta:b'] });
    // A large GitHub org alone is split over the cores.
    expect(plan('auto', [jobs[0]], 1_000_000).threads).toBe(cores);
  });
  it('a number is taken as given: one thread keeps every tenant whole; N threads split GitHub into org + N parts', () => {
    expect(plan(1, jobs, 1_000_000)).toEqual({ threads: 1, jobs: ['github:a', 'okta:b'] });
    expect(plan(2, jobs, 0)).toEqual({
      threads: 2,
      jobs: ['github:a#org', 'github:a#repos:0/2', 'github:a#repos:1/2', 'okta:b'],
    });
    // The options' own choice wins: `partitions: 1` keeps the org whole, `partitions: 3` splits it in three.
    const whole = localScanPlan(
      3,
      [{ ...jobs[0], options: { ...ghOptions, partitions: 1 } }, jobs[1]],
      () => 0,
      connectorFor,
    );
    expect(whole.jobs.map((j) => j.scope ?? null)).toEqual([null, null]);
    expect(whole.threads).toBe(2);
    const three = localScanPlan(2, [{ ...jobs[0], options: { ...ghOptions, partitions: 3 } }], () => 0, connectorFor);
    expect(three.jobs.map((j) => j.scope)).toEqual(['org', 'repos:0/3', 'repos:1/3', 'repos:2/3']);
  });
});

describe('startWeight', () => {
  it('orders by the last run (a scope its own, else a share of its tenant), unknown tenants first by platform cost', () => {
    const split = localScanPlan(
      2,
      [{ platform: 'github', tenant: 'a', options: ghOptions }],
      () => 0,
      connectorFor,
    ).jobs;
    const slack = { platform: 'slack', tenant: 's', options: {} } as const;
    const okta = { platform: 'okta', tenant: 'o', options: {} } as const;
    const all = [...split, slack, okta];
    // A fresh store: no runs. Okta (a heavy platform) before Slack (a light one); the GitHub org's parts share its cost.
    const fresh = startWeight(all, new Map());
    expect(fresh(okta)).toBeGreaterThan(fresh(slack));
    expect(fresh(split[1])).toBe(fresh(split[2]));
    // GitHub's org-level part is about a tenth of the org's scan (9 × 0.1), lighter than Slack's whole tenant (1);
    // each of the two repository parts carries 9 × 0.45, between Slack and Okta (8).
    expect(split[0].scope).toBe('org');
    expect(fresh(split[0])).toBeLessThan(fresh(slack));
    expect(fresh(split[1])).toBeGreaterThan(fresh(slack));
    expect(fresh(split[1])).toBeLessThan(fresh(okta));
    // With history: the scope's own last run, else its tenant's last unsplit run shared by its parts.
    const seen = startWeight(
      all,
      new Map([
        ['github:a', 9_000],
        ['github:a#repos:1/2', 7_000],
        ['okta:o', 100],
      ]),
    );
    expect(seen(split[1])).toBe(3_000);
    expect(seen(split[2])).toBe(7_000);
    expect(seen(okta)).toBe(100);
    // A tenant never scanned starts before every tenant with history (its size is unknown).
    expect(seen(slack)).toBeGreaterThan(seen(split[2]));
  });
});
