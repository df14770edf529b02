/**
 * Analysis benchmark (`npm run bench:analysis --`): what `steward scan` runs after sync (runAnalysis: ownership, then
 * risk, with `--threads` analysis threads as `scan --threads`), over a store that already holds an inventory — e.g.
 * one kept by `tsx bench/run.ts --sizes 100000 --engines sqlite --no-rescan --keep --threads 1`, which leaves it at
 * $TMPDIR/steward-bench-100000-XXXXXX/steward-sqlite.db (already analysed by its scan: pass --reset).
 *
 *   tsx bench/analysis.ts <store.db | postgres://...> [--runs 2] [--copy | --keep OUT.db] [--reset] [--threads N]
 *                         [--cpu-prof DIR] [--now ISO] [--node-options "--max-semi-space-size=64"]
 *   tsx bench/analysis.ts --pg <store.db> [--runs 2] [--cpu-prof DIR] [--now ISO]
 *   tsx bench/analysis.ts --compare A.db B.db
 *
 * Each pass runs in its own child process (so CPU time and peak RSS are the pass's own): pass 1 is what the store
 * holds now (the first analysis on a freshly scanned store), pass 2.. re-analyse with nothing changed (clock one
 * minute later each time, as a re-scan would be). Per pass: wall time and CPU per step, CPU (user + system), peak
 * RSS, and the steps' summary lines. A pass runs under the memory budget `steward scan` runs with (its default, or
 * STEWARD_MEMORY_BUDGET_MB; 0 = none).
 *
 * --copy   works on a copy of the SQLite file (the original stays pristine, so runs are repeatable).
 * --keep OUT.db   like --copy, but the copy is OUT.db and stays (for --compare).
 * --compare A.db B.db   the derived tables (ownership, findings, risk_scores) of two analysed stores, row by row,
 *          times left out; exit code 1 when any row differs. Two analyses of the same store with the same --now must
 *          be identical: the check that a speed-up changed no decision, finding or score.
 * --reset  empties the derived tables (ownership, findings, risk_scores) first, so pass 1 is a first analysis (a store
 *          kept by bench/run.ts has been analysed once by its scan).
 * --pg     starts an embedded PostgreSQL server, copies the SQLite store's inventory into a fresh database and runs
 *          the passes there.
 * --cpu-prof DIR   writes a V8 CPU profile of every pass (node --cpu-prof).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StewardConfig } from '../src/config/schema.js';
import { parseConfig } from '../src/config/load.js';
import { fixedClock } from '../src/lib/clock.js';
import { silentLogger } from '../src/lib/logger.js';
import { runAnalysis } from '../src/analysis/run-analysis.js';
import { parseMemoryBudget, startMemoryBudget } from '../src/lib/memory-budget.js';
import { startAnalysisThreads } from '../src/surfaces/cli/analysis-threads.js';
import { ANALYSIS_CATALOGUE } from '../src/platforms/registry.js';
import { bulkWrite, isPostgresUrl, openStore, type TableSpec } from '../src/store/index.js';

const SELF = fileURLToPath(import.meta.url);

interface PassResult {
  pass: number;
  now: string;
  steps: Array<{ step: string; seconds: number; cpuSeconds?: number; summary: string[] }>;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** --pg: CPU the PostgreSQL server used during the pass. */
  serverCpuSeconds?: number;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** steward.yaml's store entry for a location: a PostgreSQL URL's password goes by reference, as the config requires. */
function storeYaml(location: string): string {
  if (!isPostgresUrl(location)) return `store: ${JSON.stringify(location)}\n`;
  const url = new URL(location);
  process.env.STEWARD_BENCH_PG_PASSWORD = decodeURIComponent(url.password);
  url.password = '';
  return `store:\n  url: ${JSON.stringify(url.toString())}\n  password: { env: STEWARD_BENCH_PG_PASSWORD }\n`;
}

/**
 * One pass, in this process: what `steward scan` does after sync — runAnalysis, with `threads` analysis threads as
 * `scan --threads` starts them (1: everything on this thread).
 */
async function child(location: string, now: string, pass: number, threads: number): Promise<void> {
  const started = performance.now();
  const config: StewardConfig = parseConfig(storeYaml(location), 'bench');
  const store = await openStore(location);
  // Under the memory budget `steward scan` runs with (its default, or STEWARD_MEMORY_BUDGET_MB; 0 = none).
  const budgetMb = parseMemoryBudget(process.env.STEWARD_MEMORY_BUDGET_MB, 'STEWARD_MEMORY_BUDGET_MB');
  const budget = budgetMb ? startMemoryBudget(budgetMb) : null;
  const memoryBudgetMb = budgetMb || null;
  const parallel =
    threads > 1 ? startAnalysisThreads(threads, { config, now, logLevel: 'warn', memoryBudgetMb }) : undefined;
  let steps: PassResult['steps'] = [];
  try {
    const ctx = { store, config, clock: fixedClock(now), log: silentLogger, catalogue: ANALYSIS_CATALOGUE, parallel };
    steps = await runAnalysis(ctx);
  } finally {
    await parallel?.close();
    await store.close();
    budget?.stop();
  }
  const u = process.resourceUsage();
  const result: PassResult = {
    pass,
    now,
    steps,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
    peakRssMb: Math.round(u.maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** `--node-options "..."`: V8/Node flags for the measured child (e.g. --max-semi-space-size=64). */
let childNodeOptions = '';
/** `--threads N`: analysis threads of each pass, as `scan --threads N` (default 1). */
let childThreads = '1';

function runPass(location: string, now: string, pass: number, cpuProf: string | null): Promise<PassResult> {
  const nodeArgs = ['--import', 'tsx'];
  if (cpuProf)
    nodeArgs.push(
      '--cpu-prof',
      '--cpu-prof-dir',
      cpuProf,
      '--cpu-prof-name',
      `analysis-pass${pass}-${Date.now()}.cpuprofile`,
    );
  return new Promise((res, rej) => {
    const argv = [
      ...nodeArgs,
      SELF,
      '--child',
      location,
      '--now',
      now,
      '--pass',
      String(pass),
      '--threads',
      childThreads,
    ];
    const p = spawn(process.execPath, argv, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: childNodeOptions },
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', rej);
    p.on('exit', (code) => {
      if (code !== 0) return rej(new Error(`pass ${pass} exited with ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        res(JSON.parse(line) as PassResult);
      } catch {
        rej(new Error(`pass ${pass}: no result line in ${JSON.stringify(out.slice(-500))}`));
      }
    });
  });
}

/** Inventory tables copied into PostgreSQL for --pg (analysis tables start empty, as after a first scan). */
const COPIED = [
  'identities',
  'credentials',
  'permissions',
  'people',
  'edges',
  'sync_runs',
  'connector_state',
  'owner_assignments',
];

async function copySqliteToPostgres(file: string, url: string): Promise<void> {
  const src = await openStore(file, { migrate: false });
  const dst = await openStore(url);
  try {
    const sqlite = src.native!.sqlite!;
    for (const table of COPIED) {
      // Typed as the SQLite schema declares them (the PostgreSQL array casts need integer and float columns named).
      const declared = sqlite.prepare(`SELECT name, type FROM pragma_table_info('${table}')`).all() as Array<{
        name: string;
        type: string;
      }>;
      const named = (type: string) => declared.filter((c) => c.type.toUpperCase() === type).map((c) => c.name);
      const spec: TableSpec = {
        table,
        columns: declared.map((c) => c.name),
        ints: named('INTEGER'),
        floats: named('REAL'),
      };
      let batch: object[] = [];
      let n = 0;
      for (const row of sqlite.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<object>) {
        batch.push(row);
        if (batch.length === 5000) {
          await bulkWrite(dst, [{ kind: 'upsert', spec, rows: batch }]);
          n += batch.length;
          batch = [];
        }
      }
      if (batch.length) await bulkWrite(dst, [{ kind: 'upsert', spec, rows: batch }]);
      n += batch.length;
      process.stderr.write(`[analysis] copied ${n} ${table}\n`);
    }
    await dst.native!.pg!.query('ANALYZE');
  } finally {
    await src.close();
    await dst.close();
  }
}

/**
 * CPU seconds used so far by the local PostgreSQL server (--pg): every live postgres process plus the children the
 * postmaster has reaped (the backends of closed connections). Linux /proc only; null elsewhere.
 */
function postgresCpuSeconds(): number | null {
  try {
    const tick = 100; // USER_HZ on Linux
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields 14-17 of stat (utime, stime, cutime, cstime) are f[11..14] after the command.
      total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    }
    return total / tick;
  } catch {
    return null;
  }
}

function report(r: PassResult): void {
  const steps = r.steps
    .map(
      (s) =>
        `${s.step} ${s.seconds.toFixed(1)} s${s.cpuSeconds === undefined ? '' : ` (CPU ${s.cpuSeconds.toFixed(1)} s)`}`,
    )
    .join(', ');
  const server = r.serverCpuSeconds !== undefined ? ` + PostgreSQL server ${r.serverCpuSeconds.toFixed(1)} s` : '';
  process.stderr.write(
    `[analysis] pass ${r.pass}: wall ${r.wallSeconds.toFixed(1)} s (${steps}), CPU ${r.cpuSeconds.toFixed(1)} s${server}, peak RSS ${r.peakRssMb} MB\n`,
  );
  for (const s of r.steps) for (const line of s.summary) process.stderr.write(`[analysis]   ${s.step}: ${line}\n`);
}

/** The derived tables analysis writes, with their keys and the columns that are times (left out of --compare). */
const DERIVED: Array<{ table: string; key: string; times: string[] }> = [
  { table: 'ownership', key: 'identity_id', times: ['computed_at'] },
  { table: 'findings', key: 'id', times: ['first_seen', 'last_seen', 'resolved_at'] },
  { table: 'risk_scores', key: 'identity_id', times: ['computed_at'] },
];

/**
 * --compare A.db B.db: the derived tables of two analysed SQLite stores, row by row (times left out). Returns the
 * number of differing rows; prints the first few of each table.
 */
async function compareStores(a: string, b: string): Promise<number> {
  const [sa, sb] = [await openStore(a, { migrate: false }), await openStore(b, { migrate: false })];
  let differing = 0;
  try {
    for (const t of DERIVED) {
      const columns = (
        sa.native!.sqlite!.prepare(`SELECT name FROM pragma_table_info('${t.table}')`).all() as Array<{ name: string }>
      )
        .map((c) => c.name)
        .filter((c) => !t.times.includes(c));
      const text = `SELECT ${columns.join(', ')} FROM ${t.table} ORDER BY ${t.key}`;
      const rowsA = sa.native!.sqlite!.prepare(text).raw(true).iterate() as IterableIterator<unknown[]>;
      const rowsB = sb.native!.sqlite!.prepare(text).raw(true).iterate() as IterableIterator<unknown[]>;
      let n = 0;
      let diff = 0;
      for (;;) {
        const [x, y] = [rowsA.next(), rowsB.next()];
        if (x.done && y.done) break;
        n++;
        const [ja, jb] = [JSON.stringify(x.value ?? null), JSON.stringify(y.value ?? null)];
        if (ja === jb) continue;
        if (++diff <= 3) process.stderr.write(`[compare] ${t.table} differs:\n  A ${ja}\n  B ${jb}\n`);
      }
      process.stderr.write(`[compare] ${t.table}: ${n} rows, ${diff} differing\n`);
      differing += diff;
    }
  } finally {
    await sa.close();
    await sb.close();
  }
  return differing;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await child(argv[1], arg(argv, 'now')!, Number(arg(argv, 'pass') ?? 1), Number(arg(argv, 'threads') ?? 1));
    return;
  }
  if (argv[0] === '--compare') {
    if ((await compareStores(resolve(argv[1]), resolve(argv[2]))) > 0) process.exitCode = 1;
    return;
  }
  const runs = Number(arg(argv, 'runs') ?? 2);
  childNodeOptions = arg(argv, 'node-options') ?? '';
  childThreads = arg(argv, 'threads') ?? '1';
  const cpuProfArg = arg(argv, 'cpu-prof');
  const cpuProf = cpuProfArg ? resolve(cpuProfArg) : null;
  if (cpuProf) mkdirSync(cpuProf, { recursive: true });
  const base = new Date(arg(argv, 'now') ?? process.env.STEWARD_NOW ?? Date.now()).getTime();
  const pgFrom = arg(argv, 'pg');
  const positional = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  process.stderr.write(
    `[analysis] ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    let location: string;
    if (pgFrom) {
      const { startEmbeddedPostgres } = await import('../src/testing/embedded-postgres.js');
      // Same server settings as bench/run.ts.
      const server = await startEmbeddedPostgres({
        settings: {
          shared_buffers: '512MB',
          max_wal_size: '4GB',
          checkpoint_timeout: '15min',
          work_mem: '32MB',
          maintenance_work_mem: '256MB',
        },
      });
      cleanups.push(() => server.stop());
      location = await server.createDatabase(`analysis_${Date.now()}`);
      const t = performance.now();
      await copySqliteToPostgres(resolve(pgFrom), location);
      process.stderr.write(`[analysis] PostgreSQL store ready in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    } else {
      const given = positional[0];
      if (!given)
        throw new Error(
          'usage: tsx bench/analysis.ts <store.db | postgres://...> [--runs 2] [--copy] [--cpu-prof DIR] | --pg <store.db>',
        );
      location = given;
      const keep = arg(argv, 'keep');
      if (!isPostgresUrl(given) && (argv.includes('--copy') || keep)) {
        const dir = mkdtempSync(join(tmpdir(), 'steward-analysis-'));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        location = keep ? resolve(keep) : join(dir, 'store.db');
        for (const suffix of ['', '-wal', '-shm'])
          if (existsSync(given + suffix)) copyFileSync(given + suffix, location + suffix);
      }
    }
    if (argv.includes('--reset') && !pgFrom) {
      const store = await openStore(location);
      try {
        for (const t of ['ownership', 'findings', 'risk_scores'] as const) await store.db.deleteFrom(t).execute();
      } finally {
        await store.close();
      }
    }
    const results: PassResult[] = [];
    for (let pass = 1; pass <= runs; pass++) {
      const serverBefore = pgFrom ? postgresCpuSeconds() : null;
      const r = await runPass(location, new Date(base + (pass - 1) * 60_000).toISOString(), pass, cpuProf);
      const serverAfter = pgFrom ? postgresCpuSeconds() : null;
      if (serverBefore !== null && serverAfter !== null) r.serverCpuSeconds = serverAfter - serverBefore;
      report(r);
      results.push(r);
    }
    process.stdout.write(
      `${JSON.stringify({
        date: new Date().toISOString(),
        machine: `${cpus().length} × ${cpus()[0]?.model}`,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
        threads: Number(childThreads),
        location: isPostgresUrl(location) ? 'postgres' : location,
        passes: results,
      })}\n`,
    );
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

main().catch((error) => {
  process.stderr.write(`[analysis] ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
