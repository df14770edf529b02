import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../emulation/estate/index.js';
import { startEmulatedEstate, type EmulatedEstate } from '../emulation/start.js';
import { openStore, type Store } from '../store/index.js';
import { createTestDatabase } from '../testing/pg.js';

/**
 * `steward worker` on "many machines": two real worker processes share the job queue in a real PostgreSQL, an
 * emulated estate (every registered platform) answers slowly, `scan --queue` enqueues, and one worker is killed with
 * SIGKILL in the middle of a job. The scan must still complete, and the inventory must equal a single-process scan.
 * No timing assertions: waits are bounded only so a hang fails instead of blocking CI.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const STEWARD = join(ROOT, 'bin', 'steward.js');

interface Proc {
  child: ChildProcess;
  out: string;
  err: string;
  exit: Promise<number | null>;
}

function steward(args: string[], env: Record<string, string>, cwd: string): Proc {
  const child = spawn(process.execPath, [STEWARD, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: Proc = { child, out: '', err: '', exit: new Promise((r) => child.once('exit', (code) => r(code))) };
  child.stdout!.on('data', (d: Buffer) => {
    proc.out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    proc.err += d.toString();
  });
  return proc;
}

/** Waits for `probe`; fails at once (with their output) if one of `watched` exits, and after `limitMs` otherwise. */
async function until<T>(
  what: string,
  probe: () => T | null | undefined | false,
  watched: Proc[],
  limitMs = 480_000,
): Promise<T> {
  const started = Date.now();
  const output = () =>
    watched
      .map(
        (p, i) => `[process ${i}] exit ${p.child.exitCode ?? p.child.signalCode ?? 'running'}\n${p.err.slice(-3000)}`,
      )
      .join('\n');
  for (;;) {
    const v = probe();
    if (v) return v;
    if (watched.some((p) => p.child.exitCode !== null))
      throw new Error(`a process exited while waiting for ${what}:\n${output()}`);
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Two `steward worker` processes on a fresh database, ready for jobs (`procs` collects them for cleanup). */
async function startTwoWorkers(config: string, dir: string, env: Record<string, string>, procs: Proc[]) {
  const queued = await createTestDatabase();
  // Migrate once up front, so the workers and the scan do not race to create the schema.
  await (await openStore(queued)).close();
  const workers = [0, 1].map(() =>
    steward(
      ['--config', config, '--store', queued, 'worker', '--poll-interval', '0.5', '--maintenance-interval', '1'],
      env,
      dir,
    ),
  );
  procs.push(...workers);
  await until('both workers to start', () => workers.every((w) => w.err.includes('waiting for jobs')), workers);
  return { queued, workers };
}

async function inventory(store: Store) {
  const identities = (await store.db.selectFrom('identities').select('id').orderBy('id').execute()).map((r) => r.id);
  const credentials = (
    await store.db.selectFrom('credentials').select(['id', 'identity_id']).orderBy('id').execute()
  ).map((r) => `${r.identity_id} ${r.id}`);
  return { identities, credentials };
}

describe('steward worker: a queued scan across worker processes survives a killed worker', () => {
  let emulated: EmulatedEstate;
  let dir: string;
  let config: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    const estate = await generateEstate({ size: 700, seed: 23, now: '2026-11-01T00:00:00Z' });
    // Fails (rather than passing vacuously) when no platform is registered.
    expect(Object.keys(estate.platforms).length).toBeGreaterThan(0);
    // Every response is slow, so jobs run long enough to be killed in the middle.
    emulated = await startEmulatedEstate(estate, { faults: { latencyMs: 80 } });
    dir = mkdtempSync(join(tmpdir(), 'steward-workers-'));
    config = join(dir, 'steward.yaml');
    writeFileSync(config, stringify({ tenants: emulated.tenants }));
  });

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await emulated?.close();
  });

  it('retries the killed job elsewhere, sweeps nothing it should not, and ends with the single-process inventory', async () => {
    const env = { ...emulated.env, STEWARD_LOG_LEVEL: 'warn' };
    const { queued, workers } = await startTwoWorkers(config, dir, env, procs);
    const reference = await createTestDatabase();

    const scan = steward(
      [
        '--config',
        config,
        '--store',
        queued,
        'scan',
        '--queue',
        '--job-expiry',
        '6',
        '--job-retries',
        '3',
        '--format',
        'json',
      ],
      env,
      dir,
    );
    procs.push(scan);

    // Kill -9 a worker that is in the middle of a sync job (started, not yet finished).
    const victim = await until('a worker in the middle of a job', () => {
      for (const w of workers) {
        const started = [...w.err.matchAll(/: (\S+:\S+) started \(job/g)].map((m) => m[1]);
        const finished = [...w.err.matchAll(/: (\S+:\S+) (succeeded|failed|interrupted)/g)].map((m) => m[1]);
        const busy = started.find(
          (label) => started.filter((l) => l === label).length > finished.filter((l) => l === label).length,
        );
        if (busy) return { worker: w, label: busy };
      }
      return null;
    }, [...workers, scan]);
    await new Promise((r) => setTimeout(r, 500));
    const stillBusy = !new RegExp(`${victim.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (succeeded|failed)`).test(
      victim.worker.err,
    );
    victim.worker.child.kill('SIGKILL');
    if (process.env.STEWARD_TEST_DEBUG) console.log('killed', victim.label, 'mid-job:', stillBusy);
    await victim.worker.exit;

    const code = await Promise.race([
      scan.exit,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 280_000)),
    ]);
    expect(
      code,
      `scan --queue did not finish: ${scan.err.slice(-3000)}\nworkers:\n${workers.map((w) => w.err.slice(-2000)).join('\n---\n')}`,
    ).toBe(0);
    if (process.env.STEWARD_TEST_DEBUG) console.log(scan.err, workers.map((w) => w.err).join('\n---\n'));
    const outcome = JSON.parse(scan.out) as {
      runs: Array<{ platform: string; tenant: string; status: string }>;
      analysis: Array<{ step: string }>;
    };
    expect(outcome.runs.length).toBe(emulated.tenants.length);
    for (const r of outcome.runs) expect(r.status, `${r.platform}:${r.tenant}`).toBe('succeeded');
    expect(outcome.analysis.length).toBeGreaterThan(0);

    // The single-process reference scan of the same estate into another fresh database.
    const single = steward(['--config', config, '--store', reference, 'scan', '--format', 'json'], env, dir);
    procs.push(single);
    expect(await single.exit, single.err.slice(-3000)).toBe(0);

    const a = await openStore(queued);
    const b = await openStore(reference);
    try {
      const [ia, ib] = [await inventory(a), await inventory(b)];
      expect(ia.identities.length).toBeGreaterThan(0);
      expect(ia.identities).toEqual(ib.identities);
      expect(ia.credentials).toEqual(ib.credentials);

      expect(stillBusy, `the chosen job (${victim.label}) finished before the kill; the estate answers too fast`).toBe(
        true,
      );
      {
        // The killed attempt's run never swept and was marked abandoned by the worker that retried the job; a later
        // run of the same tenant succeeded.
        const [platform, tenant] = [
          victim.label.slice(0, victim.label.indexOf(':')),
          victim.label.slice(victim.label.indexOf(':') + 1),
        ];
        const runs = await a.db
          .selectFrom('sync_runs')
          .selectAll()
          .where('platform', '=', platform)
          .where('tenant', '=', tenant)
          .orderBy('started_at')
          .execute();
        expect(runs.length).toBeGreaterThanOrEqual(2);
        expect(runs[0].status).toBe('interrupted');
        expect(runs[0].errors).toContain('abandoned');
        expect(runs[runs.length - 1].status).toBe('succeeded');
      }
    } finally {
      await a.close();
      await b.close();
    }
  }, 1_200_000);
});

/**
 * A split tenant across worker processes (docs/scale.md §5): a GitHub org with `partitions: 3` becomes four sync jobs
 * (`org`, `repos:0/3` … `repos:2/3`); two real `steward worker` processes on a real PostgreSQL take them in parallel,
 * and one is killed with SIGKILL in the middle of a scoped job. The scan must complete with the inventory of a
 * single-process (unsplit) scan, scopes of the tenant must have run at the same time, and two attempts of one scope
 * never. No timing assertions beyond that; waits are bounded so a hang fails instead of blocking CI.
 * It lives in this file so that it runs after the test above, not alongside it (both load the machine's two cores).
 */
const PARTITIONS = 3;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('steward worker: a split GitHub tenant (partitions: 3) across worker processes survives a killed worker', () => {
  let emulated: EmulatedEstate;
  let dir: string;
  let config: string;
  let tenant: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    // 1,500 NHIs: ~190 repositories, three calls each; one repository at a time per job, every response slow, so a
    // repos job runs for seconds and can be killed in the middle.
    const estate = await generateEstate({ platforms: ['github'], size: 1500, seed: 29, now: '2026-11-01T00:00:00Z' });
    emulated = await startEmulatedEstate(estate, { faults: { latencyMs: 80 } });
    expect(emulated.tenants).toHaveLength(1);
    tenant = emulated.tenants[0].tenant;
    const tenants = emulated.tenants.map((t) => ({
      ...t,
      options: { ...(t.options as object), partitions: PARTITIONS, repoConcurrency: 1 },
    }));
    dir = mkdtempSync(join(tmpdir(), 'steward-split-workers-'));
    config = join(dir, 'steward.yaml');
    writeFileSync(config, stringify({ tenants }));
  });

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await emulated?.close();
  });

  it('runs the scopes in parallel, retries the killed scope elsewhere, and ends with the single-process inventory', async () => {
    const env = { ...emulated.env, STEWARD_LOG_LEVEL: 'warn' };
    const { queued, workers } = await startTwoWorkers(config, dir, env, procs);
    const reference = await createTestDatabase();

    // Text format, so the progress lines (which name the scope) are printed on stderr.
    const scan = steward(
      ['--config', config, '--store', queued, 'scan', '--queue', '--job-expiry', '6', '--job-retries', '3'],
      env,
      dir,
    );
    procs.push(scan);

    // Two scopes of the tenant run at the same time, one on each worker (a run's row is inserted only once its
    // locks are held; nothing has been killed yet, so no stale 'running' row can be among them).
    const watcher = await openStore(queued);
    const parallel = await (async () => {
      const started = Date.now();
      try {
        for (;;) {
          const running = await watcher.db
            .selectFrom('sync_runs')
            .select('scope')
            .where('status', '=', 'running')
            .execute();
          const scopes = new Set(running.map((r) => r.scope));
          if (scopes.size >= 2) return [...scopes];
          if (Date.now() - started > 180_000) return [];
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await watcher.close();
      }
    })();
    expect(parallel.length, 'two scopes of the tenant never ran at the same time').toBeGreaterThanOrEqual(2);

    // Kill -9 a worker in the middle of a repos scope job (started, not yet finished).
    const label = (scope: string) => `github:${tenant}#${scope}`;
    const victim = await until('a worker in the middle of a repos job', () => {
      for (const w of workers) {
        for (let k = 0; k < PARTITIONS; k++) {
          const l = label(`repos:${k}/${PARTITIONS}`);
          const started = w.err.split(`${l} started (job`).length - 1;
          const finished = (w.err.match(new RegExp(`${escapeRegExp(l)} (succeeded|failed|interrupted)`, 'g')) ?? [])
            .length;
          if (started > finished) return { worker: w, scope: `repos:${k}/${PARTITIONS}` };
        }
      }
      return null;
    }, [...workers, scan]);
    await new Promise((r) => setTimeout(r, 500));
    const stillBusy = !new RegExp(`${escapeRegExp(label(victim.scope))} (succeeded|failed)`).test(victim.worker.err);
    victim.worker.child.kill('SIGKILL');
    await victim.worker.exit;

    const code = await Promise.race([
      scan.exit,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 280_000)),
    ]);
    expect(
      code,
      `scan --queue did not finish: ${scan.err.slice(-3000)}\nworkers:\n${workers.map((w) => w.err.slice(-2000)).join('\n---\n')}`,
    ).toBe(0);
    if (process.env.STEWARD_TEST_DEBUG) console.log(scan.err, workers.map((w) => w.err).join('\n---\n'));
    const scopes = ['org', ...Array.from({ length: PARTITIONS }, (_, k) => `repos:${k}/${PARTITIONS}`)];
    // One job per scope, each reported by its scope, each completed; then the analysis, once.
    expect(scan.err).toContain('queued 4 sync job(s)');
    for (const s of scopes)
      expect(scan.err).toMatch(new RegExp(`${escapeRegExp(label(s))}: job completed.* run succeeded`));
    expect(scan.err).toContain('analysis: job completed');
    expect(scan.out).toMatch(/^(ownership|risk): /m);

    const single = steward(['--config', config, '--store', reference, 'scan', '--format', 'json'], env, dir);
    procs.push(single);
    expect(await single.exit, single.err.slice(-3000)).toBe(0);

    const a = await openStore(queued);
    const b = await openStore(reference);
    try {
      const [ia, ib] = [await inventory(a), await inventory(b)];
      expect(ia.identities.length).toBeGreaterThan(0);
      expect(ia.identities).toEqual(ib.identities);
      expect(ia.credentials).toEqual(ib.credentials);
      // The local scan was one unsplit run; the queued one wrote every row under a scope.
      const unsplit = await b.db.selectFrom('sync_runs').select('scope').execute();
      expect(unsplit.map((r) => r.scope)).toEqual(['']);
      expect(await a.db.selectFrom('identities').select('id').where('scope', '=', '').execute()).toEqual([]);

      const runs = await a.db
        .selectFrom('sync_runs')
        .selectAll()
        .where('platform', '=', 'github')
        .where('tenant', '=', tenant)
        .orderBy('started_at')
        .execute();
      const end = (r: (typeof runs)[number]) => r.finished_at ?? '9999';
      // Two attempts of one scope never overlapped (the killed one ends when its retry marks it abandoned).
      for (const s of scopes) {
        const mine = runs.filter((r) => r.scope === s);
        for (let i = 1; i < mine.length; i++)
          expect(mine[i].started_at >= end(mine[i - 1]), `${s} attempts overlap`).toBe(true);
      }

      expect(stillBusy, `the chosen job (${victim.scope}) finished before the kill; the estate answers too fast`).toBe(
        true,
      );
      // The killed attempt never swept and was marked abandoned by the worker that retried its scope.
      const mine = runs.filter((r) => r.scope === victim.scope);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine[0].status).toBe('interrupted');
      expect(mine[0].errors).toContain('abandoned');
      expect(mine[mine.length - 1].status).toBe('succeeded');
    } finally {
      await a.close();
      await b.close();
    }
  }, 1_200_000);
});
