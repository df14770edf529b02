import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { Option } from 'commander';
import { connectorFor, platformFor } from '../../../platforms/registry.js';
import { jobLabel, runSync, splitJobs, type SyncEvent, type TenantJob } from '../../../sync/engine.js';
import { SyncThreads } from '../../../sync/threads.js';
import type { AnyConnector } from '../../../sync/connector.js';
import { activeMemoryBudgetMb } from '../../../lib/memory-budget.js';
import { siblingModule } from '../../../lib/worker-thread.js';
import { analysisThreadCount, startAnalysisThreads } from '../analysis-threads.js';
import {
  buildDeferredIndexes,
  buildDeferredIndexesBeside,
  deferIndexesOfEmptyTables,
  lastRunCalls,
  startWalCheckpoints,
  SYNC_LOAD_INDEXES,
} from '../../../store/index.js';
import { expandJobs } from '../../../sync/expand.js';
import { runAnalysis } from '../../../analysis/run-analysis.js';
import { UserError } from '../../../lib/errors.js';
import { terminalBlock } from '../../../lib/output-safety.js';
import type { PlatformId, Severity, SyncRun } from '../../../model/index.js';
import { cliContext, EXIT, type CliContext } from '../context.js';
import { tenantJobs } from '../jobs.js';
import { withProgress } from '../progress.js';
import type { Store } from '../../../store/index.js';
import { scanGate, severitySummary } from '../scan-gate.js';
import { stdoutLayout } from '../format.js';
import { runQueuedScan } from '../../../jobs/enqueue.js';
import { requirePostgres } from '../../../jobs/queue.js';
import { checkTenantOptions } from '../../../config/load.js';
import { loadRulePack } from '../../../analysis/risk/index.js';
import { BUILTIN_RULES, DECLARED_ATTRIBUTES } from '../../../platforms/registry.js';
import { intOption, platformOption } from '../options.js';
import { notificationTargets, notifyAndReport } from '../notifications.js';
import { newFindingEvents } from '../../../notifications/index.js';

const DEFAULT_LOCK_WAIT_SECONDS = 600;

export interface ScanOutcome {
  runs: SyncRun[];
  analysis: Array<{ step: string; summary: string[] }>;
}

/** Scans every configured tenant, then runs analysis; shared by `scan` and `demo`. */
export async function scanAndAnalyze(
  ctx: CliContext,
  store: Store,
  options: {
    platform?: string;
    tenant?: string;
    keepRaw?: string;
    quiet?: boolean;
    /** Seconds to wait for another scan of the same tenant; 0 = refuse at once. */
    lockWaitSeconds?: number;
    signal?: AbortSignal;
    /** Also told every sync event (`steward serve` streams them to the dashboard). */
    onEvent?: (event: SyncEvent) => void;
    /** Sync and analysis threads (`--threads`); default the config's `scan.threads`. */
    threads?: number | 'auto';
  },
): Promise<ScanOutcome> {
  const write = (line: string) => (options.quiet ? undefined : process.stderr.write(`${terminalBlock(line)}\n`));
  const configured = tenantJobs(ctx.config, options);
  if (configured.length === 0) {
    throw new UserError(
      ctx.configFile
        ? `no enabled tenants match in ${ctx.configFile}`
        : 'no steward.yaml here and no tenants configured: run `steward init` to write one, or `steward demo` to try the emulated estate',
    );
  }
  // An AWS organization's management account brings its member accounts, each a job (and a run) of its own.
  const expanded = await expandJobs(configured, connectorFor, { log: ctx.log, signal: options.signal });
  const lastCalls = await lastRunCalls(store);
  const calls = (job: TenantJob) => lastCalls.get(`${job.platform}:${job.tenant}`) ?? 0;
  const plan = localScanPlan(options.threads ?? ctx.config.scan.threads, expanded, calls, connectorFor);
  // A scan large enough for threads commits often enough to stall on checkpoints: a thread of its own takes them.
  const checkpoints = plan.threads > 1 ? startWalCheckpoints(store) : null;
  try {
    // A first scan loads empty tables: their indexes are built once the sync is done (src/store/deferred-indexes.ts).
    await deferIndexesOfEmptyTables(store, SYNC_LOAD_INDEXES);
    const runs = await syncJobs(ctx, store, plan, startWeight(plan.jobs, lastCalls), options, write).catch(
      async (error: unknown) => {
        await buildDeferredIndexes(store);
        throw error;
      },
    );
    // A large scan builds them beside the analysis (ownership, on the main thread, leaves another core idle); a
    // small one before it (a thread would take longer to start than the build).
    const indexes = Promise.allSettled([
      plan.threads > 1 ? buildDeferredIndexesBeside(store) : buildDeferredIndexes(store),
    ]);
    if (plan.threads === 1) await indexes;
    try {
      if (options.signal?.aborted) return { runs, analysis: [] };
      return { runs, analysis: await analyse(ctx, store, options.threads ?? ctx.config.scan.threads) };
    } finally {
      await reportIndexBuild(ctx, indexes);
    }
  } finally {
    await checkpoints?.stop();
  }
}

/** Waits for the deferred indexes; one that failed to build stays listed for the next scan (or `steward migrate`). */
async function reportIndexBuild(ctx: CliContext, indexes: Promise<[PromiseSettledResult<string[]>]>): Promise<void> {
  const started = performance.now();
  const [outcome] = await indexes;
  const waited = ((performance.now() - started) / 1000).toFixed(1);
  if (outcome.status === 'rejected')
    ctx.log.warn(
      `could not build the indexes deferred while loading (the next scan or \`steward migrate\` builds them): ${String(outcome.reason)}`,
    );
  else if (outcome.value.length > 0)
    ctx.log.info(`built ${outcome.value.length} indexes after loading empty tables (waited ${waited} s)`);
}

type SyncOptions = Pick<
  Parameters<typeof scanAndAnalyze>[2],
  'keepRaw' | 'quiet' | 'lockWaitSeconds' | 'signal' | 'onEvent'
>;

/** The sync half of a scan: every job of the plan, on its sync threads when it has more than one. */
async function syncJobs(
  ctx: CliContext,
  store: Store,
  plan: { jobs: TenantJob[]; threads: number },
  weight: (job: TenantJob) => number,
  options: SyncOptions,
  write: (line: string) => void,
): Promise<SyncRun[]> {
  const { jobs } = plan;
  const keepRawDir = options.keepRaw ?? ctx.config.scan.keepRaw ?? undefined;
  const lockWaitMs = (options.lockWaitSeconds ?? DEFAULT_LOCK_WAIT_SECONDS) * 1000;
  const threads = plan.threads > 1 ? startSyncThreads(ctx, plan.threads, { keepRawDir, lockWaitMs }) : null;
  const onLockWait = (job: TenantJob, holder: string) =>
    write(
      `${jobLabel(job)} is being scanned by ${holder}; waiting up to ${lockWaitMs / 1000} s (--lock-wait, or --no-wait to refuse)`,
    );
  const stopThreads = () => threads?.abort();
  options.signal?.addEventListener('abort', stopThreads);
  try {
    return await withProgress(
      jobs,
      (onEvent) => {
        const deliver = (event: SyncEvent) => {
          onEvent(event);
          options.onEvent?.(event);
        };
        return runSync(jobs, {
          store,
          connectors: connectorFor,
          concurrency: ctx.config.scan.concurrency,
          keepRawDir,
          clock: ctx.clock,
          log: ctx.log,
          onEvent: deliver,
          signal: options.signal,
          tenantLock: { waitMs: lockWaitMs, onWait: onLockWait },
          weight,
          runJob: threads ? (job) => threads.run(job, { onEvent: deliver, onLockWait }) : undefined,
        });
      },
      { tty: Boolean(process.stderr.isTTY) && !options.quiet, write },
    );
  } finally {
    options.signal?.removeEventListener('abort', stopThreads);
    await threads?.close();
  }
}

function startSyncThreads(
  ctx: CliContext,
  count: number,
  options: { keepRawDir?: string; lockWaitMs: number },
): SyncThreads {
  const init = {
    store: ctx.config.store,
    ...options,
    logLevel: ctx.log.level ?? 'warn',
    memoryBudgetMb: activeMemoryBudgetMb(),
  };
  return new SyncThreads(count, siblingModule(import.meta.url, '../scan-thread'), init, ctx.log);
}

/** Ownership and risk over the whole store, with analysis threads when the setting and the store's size call for it. */
async function analyse(ctx: CliContext, store: Store, threads: number | 'auto') {
  const count = await analysisThreadCount(threads, store);
  const now = ctx.clock.now();
  const parallel =
    count > 1
      ? startAnalysisThreads(count, {
          config: ctx.config,
          now: now.toISOString(),
          logLevel: ctx.log.level ?? 'warn',
          memoryBudgetMb: activeMemoryBudgetMb(),
        })
      : undefined;
  try {
    // One "now" for the whole analysis, as the threads get.
    const clock = { now: () => new Date(now) };
    return await runAnalysis({ store, config: ctx.config, clock, log: ctx.log, catalogue: ctx.catalogue, parallel });
  } finally {
    await parallel?.close();
  }
}

/** Tenants whose last full run made at least this many calls in all make an estate worth several sync threads. */
const LARGE_ESTATE_CALLS = 20_000;
const MAX_AUTO_THREADS = 4;

/**
 * How many sync threads the setting asks for: as configured; 'auto' is one until the store has seen a large estate
 * (starting threads costs each a second or two of module loading), then one per core up to four.
 */
function requestedThreads(setting: number | 'auto', jobs: readonly TenantJob[], calls: (job: TenantJob) => number) {
  if (setting !== 'auto') return Math.max(1, setting);
  const total = jobs.reduce((sum, job) => sum + calls(job), 0);
  return total < LARGE_ESTATE_CALLS ? 1 : Math.min(availableParallelism(), MAX_AUTO_THREADS);
}

/**
 * The jobs of a local scan and its sync threads. On one thread every tenant is one job, as always. On N > 1 threads
 * a tenant whose connector can split it (GitHub) becomes one job per sub-scope — N parts unless its options choose
 * (`partitions`) — so one large tenant no longer holds one thread while the others idle (docs/scale.md §4a). Never
 * more threads than jobs; a scan that stays one job runs in-process.
 */
export function localScanPlan(
  setting: number | 'auto',
  jobs: readonly TenantJob[],
  calls: (job: TenantJob) => number,
  connectors: (platform: PlatformId) => AnyConnector | undefined,
): { jobs: TenantJob[]; threads: number } {
  const requested = requestedThreads(setting, jobs, calls);
  const split = requested > 1 ? splitJobs([...jobs], connectors, requested) : [...jobs];
  const threads = Math.min(requested, split.length);
  return threads > 1 ? { jobs: split, threads } : { jobs: [...jobs], threads: 1 };
}

/** Jobs without a previous full run start before all others (their size is unknown), heaviest platform first. */
const NO_HISTORY = 1e12;

/**
 * Start order of a local scan's jobs, heaviest first: a job's last full run's API calls (a scope's own, else its
 * tenant's shared by its scopes); a job with no previous run gets its platform's `scanCost` prior (a scope its
 * connector's `scopeShare` of it), ahead of the rest.
 */
export function startWeight(jobs: readonly TenantJob[], lastCalls: ReadonlyMap<string, number>) {
  const parts = new Map<string, number>();
  for (const job of jobs)
    parts.set(`${job.platform}:${job.tenant}`, (parts.get(`${job.platform}:${job.tenant}`) ?? 0) + 1);
  return (job: TenantJob): number => {
    const tenant = `${job.platform}:${job.tenant}`;
    const share = parts.get(tenant) ?? 1;
    const own = job.scope ? lastCalls.get(`${tenant}#${job.scope}`) : undefined;
    const known = own ?? ((lastCalls.get(tenant) ?? 0) / share || undefined);
    if (known !== undefined) return known;
    const scopeShare = job.scope ? connectorFor(job.platform)?.scopeShare?.(job.scope) : undefined;
    return NO_HISTORY + (platformFor(job.platform)?.scanCost ?? 1) * (scopeShare ?? 1 / share);
  };
}

interface QueueOptions {
  queue?: boolean;
  wait: boolean;
  jobExpiry?: number;
  jobRetries?: number;
  waitTimeout?: number;
}

/** `scan --queue`: the same outcome, produced by `steward worker` processes (src/jobs, docs/scale.md). */
async function queuedScan(
  ctx: CliContext,
  store: Store,
  opts: QueueOptions & { platform?: string; tenant?: string; quiet: boolean },
): Promise<ScanOutcome> {
  requirePostgres(ctx.config.store, '`scan --queue`');
  const jobs = tenantJobs(ctx.config, opts);
  if (jobs.length === 0)
    throw new UserError(
      ctx.configFile
        ? `no enabled tenants match in ${ctx.configFile}`
        : 'no tenants configured: `scan --queue` needs a steward.yaml',
    );
  const result = await runQueuedScan({
    url: ctx.config.store,
    store,
    jobs,
    log: ctx.log,
    timings: { expireInSeconds: opts.jobExpiry, retryLimit: opts.jobRetries },
    noWait: !opts.wait,
    waitTimeoutMs: opts.waitTimeout !== undefined ? opts.waitTimeout * 1000 : undefined,
    write: (line) => (opts.quiet ? undefined : process.stderr.write(`${terminalBlock(line)}\n`)),
  });
  if (opts.wait && !result.analysed) process.exitCode = EXIT.failed;
  return { runs: result.runs, analysis: result.analysis };
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('discover NHIs in every configured tenant, then run ownership and risk analysis')
    .addOption(platformOption('only this platform'))
    .option('--tenant <name>', 'only this tenant (NAME or PLATFORM:NAME)')
    .option('--keep-raw <dir>', 'keep every raw vendor page as JSON lines under DIR (replay transforms offline)')
    .option(
      '--threads <n>',
      "sync worker threads: a number, or 'auto' (one per core, up to 4, once the store has seen a large estate); default scan.threads",
      threadsOption,
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when open findings at or above this severity exist').choices([
        'info',
        'low',
        'medium',
        'high',
        'critical',
      ]),
    )
    .addOption(
      new Option('--format <format>', 'what to print on stdout when done')
        .choices(['text', 'json', 'sarif'])
        .default('text'),
    )
    .option(
      '--queue',
      'enqueue one job per tenant for `steward worker` processes (PostgreSQL store) and report their progress',
    )
    .option(
      '--no-wait',
      'with --queue: return once the jobs are queued; without: refuse (instead of waiting) when another scan holds a tenant',
    )
    .option(
      '--lock-wait <seconds>',
      'how long to wait for another scan of the same tenant to finish (default 600)',
      intOption(0, 86_400),
    )
    .option(
      '--job-expiry <seconds>',
      'with --queue: a job not heard from for this long is retried by another worker',
      intOption(1, 86_400),
    )
    .option('--job-retries <n>', 'with --queue: retries per job after the first attempt', intOption(0, 100))
    .option(
      '--wait-timeout <seconds>',
      'with --queue: stop waiting after this long (the jobs stay queued)',
      intOption(1, 7 * 86_400),
    )
    .action(runScan);
}

/**
 * Everything a scan depends on is checked before any work (no store opened, no run recorded, no job queued): every
 * selected tenant's options against its connector's schema, which resolves its secret references and refuses inline
 * secrets; the custom rule pack; the --keep-raw folder. Problems are one UserError (exit 2) naming each key path.
 */
export function validateBeforeScan(ctx: CliContext, opts: { platform?: string; tenant?: string; keepRaw?: string }) {
  const indexes = tenantJobs(ctx.config, opts).map((job) => Number(/\[(\d+)\]/.exec(job.configPath ?? '')?.[1]));
  checkTenantOptions(ctx.config, (platform) => connectorFor(platform)?.optionsSchema, ctx.configFile, indexes);
  loadRulePack(ctx.config, BUILTIN_RULES, DECLARED_ATTRIBUTES);
  const keepRaw = opts.keepRaw ?? ctx.config.scan.keepRaw;
  if (keepRaw && existsSync(keepRaw) && !statSync(keepRaw).isDirectory())
    throw new UserError(`${opts.keepRaw ? '--keep-raw' : 'scan.keepRaw'}: ${keepRaw} exists and is not a folder`);
}

function threadsOption(value: string): number | 'auto' {
  return value.trim() === 'auto' ? 'auto' : intOption(1, 16)(value);
}

type ScanOptions = {
  threads?: number | 'auto';
  lockWait?: number;
  platform?: string;
  tenant?: string;
  keepRaw?: string;
  failOn?: string;
  format: string;
} & QueueOptions;

async function runScan(opts: ScanOptions, command: Command): Promise<void> {
  const ctx = cliContext(command);
  validateBeforeScan(ctx, opts);
  const targets = notificationTargets(ctx);
  const store = await ctx.openStore();
  const stop = stopOnSignals();
  // Findings first seen from here on are this scan's new ones (the analysis stamps them with the same clock).
  const since = ctx.clock.now().toISOString();
  try {
    const quiet = opts.format !== 'text' && !process.stderr.isTTY;
    const lockWaitSeconds = opts.wait ? opts.lockWait : 0;
    const outcome = opts.queue
      ? await queuedScan(ctx, store, { ...opts, quiet })
      : await scanAndAnalyze(ctx, store, { ...opts, quiet, lockWaitSeconds, signal: stop.signal });
    if (stop.signal.aborted) {
      ctx.out(`stopped by ${stop.signal.reason}: runs marked interrupted; nothing was swept (see \`steward runs\`).`);
      process.exitCode = EXIT.interrupted;
      return;
    }
    const gate = await scanGate(store, ctx.config, opts.failOn as Severity | undefined, opts.format, outcome);
    if (gate.output) ctx.out(gate.output);
    if (opts.format === 'text') {
      for (const a of outcome.analysis) for (const line of a.summary) ctx.out(`${a.step}: ${line}`);
      ctx.out(severitySummary(gate.counts, stdoutLayout().colour));
      for (const line of runSummary(outcome.runs)) ctx.out(line);
    } else if (!quiet) {
      // stdout carries JSON or SARIF: the summary goes to the terminal watching stderr.
      process.stderr.write(`${severitySummary(gate.counts, stdoutLayout(process.stderr).colour)}\n`);
    }
    // The CI gate says why it fails, on stderr, whatever the format.
    if (gate.failure) process.stderr.write(`steward: ${gate.failure}\n`);
    process.exitCode = scanExitCode(gate.failed, outcome.runs);
    await notifyAndReport(ctx, store, targets, () => newFindingEvents(store, since));
  } finally {
    stop.dispose();
    await store.close();
  }
}

/** Exit code of a scan: findings gate (1) before failed tenants (3) before partial tenants (4). */
export function scanExitCode(gateFailed: boolean, runs: readonly SyncRun[]): number {
  if (gateFailed) return EXIT.findings;
  if (runs.some((r) => r.status !== 'succeeded' && r.status !== 'partial')) return EXIT.failed;
  if (runs.some((r) => r.status === 'partial')) return EXIT.partial;
  return EXIT.ok;
}

/** What an operator must know about runs that did not fully succeed. */
export function runSummary(runs: readonly SyncRun[]): string[] {
  const failed = runs.filter((r) => r.status !== 'succeeded' && r.status !== 'partial');
  const partial = runs.filter((r) => r.status === 'partial');
  const lines: string[] = [];
  if (runs.length > 0 && failed.length === runs.length)
    lines.push(`no tenant could be scanned (${runs.length} of ${runs.length} failed); nothing stored was changed.`);
  else if (failed.length)
    lines.push(
      `${failed.length} of ${runs.length} tenant scans failed; what they had stored before is kept (see \`steward runs\`).`,
    );
  if (partial.length)
    lines.push(
      `${partial.length} of ${runs.length} tenant scans were partial: some sources could not be read, and what they list is kept as stored (\`steward runs show RUN\`).`,
    );
  return lines;
}

/**
 * SIGINT / SIGTERM abort the scan instead of killing it: each running tenant's run is marked interrupted and nothing
 * is swept. A second signal exits at once (the next scan marks what is left).
 */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(EXIT.interrupted);
      controller.abort(name);
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const off of handlers) off();
    },
  };
}
