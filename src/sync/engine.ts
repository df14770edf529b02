import { setMaxListeners } from 'node:events';
import { formatZodError } from '../lib/errors.js';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import type { PlatformId, SyncRun } from '../model/index.js';
import type { Store } from '../store/index.js';
import {
  acquireTenantLock,
  countAppeared,
  type HeldLock,
  HttpCacheStore,
  insertQuarantined,
  loadConnectorState,
  markAbandonedRuns,
  saveConnectorState,
  sweepRetiredScopes,
  sweepUnseen,
  TenantBusyError,
} from '../store/index.js';
import { BatchingSink } from './batching-sink.js';
import type { AnyConnector, ConnectorState, HttpCache, MemberListing, ScanContext, ScanMetrics } from './connector.js';
import { factsCheck } from './facts-check.js';
import { problemLine } from './failure.js';
import { rawKeeper } from './keep-raw.js';
import { redactExcerpt, redactSecrets, redactString } from './redact.js';
import { RunRecorder } from './run-recorder.js';
import { RunSources, SIGNAL_LISTENERS } from './source-tracker.js';
import { completeNativeTypes, peopleComplete, runStatus, staleFieldsOf } from './source-outcomes.js';

export interface TenantJob {
  platform: PlatformId;
  tenant: string;
  /** Unvalidated `options` from config; the connector's schema validates them. */
  options: unknown;
  /** Where in the config this tenant came from, for error messages (e.g. "tenants[2]"). */
  configPath?: string;
  /**
   * One sub-scope of a split tenant (one of the connector's `scopes(options)`), or null/absent for the whole
   * tenant. Queued scans and local scans on several threads split tenants (`splitJobs`); docs/scale.md §4a, §5.
   */
  scope?: string | null;
  /** A local threaded split: the part count proposed to the connector's `scopes` (its options may override it). */
  splitInto?: number;
  /** A member tenant found by expanding another (`expandJobs`: an AWS organization's member account): that tenant. */
  memberOf?: string;
  /** An expanded tenant's own job: how its members were listed, recorded in its run as that source's outcome. */
  memberListing?: MemberListing;
  /** Jobs with the same key run at most `limit` at a time (the member accounts of one organization). */
  concurrencyGroup?: { key: string; limit: number };
}

/** `platform:tenant`, or `platform:tenant#scope` for one sub-scope of a split tenant (logs, progress lines). */
export function jobLabel(job: { platform: string; tenant: string; scope?: string | null }): string {
  return `${job.platform}:${job.tenant}${job.scope ? `#${job.scope}` : ''}`;
}

/**
 * The sub-scopes of a tenant according to its connector and options; null when it is not split (no `scopes`,
 * fewer than two, or options that do not validate — the run then fails with the validation error).
 */
function scopesOf(connector: AnyConnector | undefined, options: unknown, splitInto?: number): string[] | null {
  if (!connector?.scopes) return null;
  const parsed = connector.optionsSchema.safeParse(options ?? {});
  if (!parsed.success) return null;
  const scopes = connector.scopes(parsed.data, splitInto);
  return scopes && scopes.length > 1 ? scopes : null;
}

/**
 * One job per sub-scope for every tenant its connector splits; other tenants stay one job. Queued scans split by the
 * options alone; a local scan on several threads passes `splitInto` (its thread count), which a connector uses for
 * tenants whose options do not choose.
 */
export function splitJobs(
  jobs: TenantJob[],
  connectors: (platform: PlatformId) => AnyConnector | undefined,
  splitInto?: number,
): TenantJob[] {
  return jobs.flatMap((job): TenantJob[] => {
    const scopes = scopesOf(connectors(job.platform), job.options, splitInto);
    if (!scopes) return [{ ...job, scope: null }];
    return scopes.map((scope) => ({ ...job, scope, ...(splitInto ? { splitInto } : {}) }));
  });
}

export type SyncEvent =
  | { type: 'start'; job: TenantJob; runId: string }
  | { type: 'progress'; job: TenantJob; runId: string; counts: SyncRun['counts']; apiCalls: number }
  | { type: 'done'; job: TenantJob; run: SyncRun };

export interface SyncOptions {
  store: Store;
  connectors: (platform: PlatformId) => AnyConnector | undefined;
  /** Tenants scanned at the same time; each one is isolated (its failure never stops the others). */
  concurrency?: number;
  keepRawDir?: string;
  clock?: Clock;
  log?: Logger;
  signal?: AbortSignal;
  onEvent?: (event: SyncEvent) => void;
  /** Records per store transaction. */
  batchSize?: number;
  /** How long one source may read before it fails (default 30 minutes). */
  sourceDeadlineMs?: number;
  /** Share of one source's records that may be quarantined before it counts as failed (default 0.05). */
  maxQuarantineShare?: number;
  /**
   * One writer per tenant: how long to wait for another scan of the same tenant (default 10 minutes; 0 = refuse at
   * once), and who to tell. 'held-by-caller': the caller (a worker) already holds the tenant's lock.
   */
  tenantLock?: { waitMs: number; onWait?: (job: TenantJob, holder: string) => void } | 'held-by-caller';
  /** Runs one job (default: `runOne` in this thread; `SyncThreads.run` spreads them over worker threads). */
  runJob?: (job: TenantJob, options: SyncOptions) => Promise<SyncRun>;
  /**
   * Jobs start in this order of weight, heaviest first (e.g. the tenant's last run time), so the longest runs do not
   * start last and leave the other slots idle at the end; results keep the jobs' order.
   */
  weight?: (job: TenantJob) => number;
}

const DEFAULT_SOURCE_DEADLINE_MS = 30 * 60_000;
const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;

/**
 * Runs every job with bounded concurrency (and at most `concurrencyGroup.limit` jobs of one group at a time);
 * resolves with one SyncRun per job started, failed ones included. Once `signal` fires (SIGINT / SIGTERM) no
 * further job starts: the running ones end interrupted, and a job that never started leaves no run behind.
 */
export async function runSync(jobs: TenantJob[], options: SyncOptions): Promise<SyncRun[]> {
  const results: SyncRun[] = new Array(jobs.length);
  const weight = options.weight;
  const pending = jobs.map((_job, index) => index);
  if (weight) pending.sort((a, b) => weight(jobs[b]) - weight(jobs[a]));
  const run = options.runJob ?? runOne;
  const slots = new GroupSlots();
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const at = pending.findIndex((index) => slots.free(jobs[index]));
      if (at < 0) {
        if (pending.length === 0) return;
        await slots.released(); // every pending job's group is full: wait for one of its runs to end
        continue;
      }
      const [index] = pending.splice(at, 1);
      slots.take(jobs[index]);
      try {
        results[index] = await run(jobs[index], options);
      } finally {
        slots.give(jobs[index]);
      }
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, jobs.length || 1));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results.filter((run) => run !== undefined);
}

/** Runs in progress per concurrency group, and a wake-up for workers waiting on a full group. */
class GroupSlots {
  private readonly running = new Map<string, number>();
  private waiters: Array<() => void> = [];

  free(job: TenantJob): boolean {
    const group = job.concurrencyGroup;
    return !group || (this.running.get(group.key) ?? 0) < Math.max(1, group.limit);
  }

  take(job: TenantJob): void {
    const key = job.concurrencyGroup?.key;
    if (key) this.running.set(key, (this.running.get(key) ?? 0) + 1);
  }

  give(job: TenantJob): void {
    const key = job.concurrencyGroup?.key;
    if (key) this.running.set(key, (this.running.get(key) ?? 1) - 1);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  released(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export async function runOne(job: TenantJob, options: SyncOptions): Promise<SyncRun> {
  const clock = options.clock ?? systemClock;
  const recorder = await RunRecorder.start(job, options.store, clock, options.onEvent);
  const plan = planRun(job, options.connectors);
  if ('error' in plan) return recorder.fail(plan.error);
  let lock: HeldLock | null = null;
  try {
    lock = await takeTenant(job, options, recorder.run.id, clock);
  } catch (error) {
    if (error instanceof TenantBusyError) return recorder.fail(error.message);
    throw error;
  }
  try {
    return await scanAndStore(job, plan, options, recorder, clock);
  } finally {
    await lock?.release();
  }
}

/**
 * Takes the tenant's scan lock (unless the caller holds it), then marks runs that a killed process left 'running'
 * as interrupted: holding the lock, no live run can be among them.
 */
async function takeTenant(job: TenantJob, options: SyncOptions, runId: string, clock: Clock): Promise<HeldLock | null> {
  const wait = options.tenantLock;
  if (wait === 'held-by-caller') return null;
  const { store } = options;
  const lock = await acquireTenantLock(store, job, {
    runId,
    waitMs: wait?.waitMs ?? DEFAULT_LOCK_WAIT_MS,
    onWait: (holder) => wait?.onWait?.(job, holder),
    signal: options.signal,
  });
  const reason = 'interrupted: the process running it stopped before it finished (found by the next scan)';
  await markAbandonedRuns(store, job.platform, job.tenant, reason, clock.now().toISOString(), job.scope ?? null, runId);
  return lock;
}

/** What a run needs before it may scan: its connector, validated options and (for a scoped run) current scopes. */
interface RunPlan {
  connector: AnyConnector;
  options: unknown;
  /** The tenant's current scopes; null for an unsplit run. */
  scopes: string[] | null;
}

function planRun(job: TenantJob, connectors: SyncOptions['connectors']): RunPlan | { error: string } {
  const connector = connectors(job.platform);
  if (!connector) return { error: `no connector is registered for platform "${job.platform}"` };
  const parsed = connector.optionsSchema.safeParse(job.options ?? {});
  if (!parsed.success) {
    return { error: formatZodError(parsed.error, `${job.configPath ?? `${job.platform}:${job.tenant}`}.options`) };
  }
  const scope = job.scope ?? null;
  // A scoped run must be one of the tenant's current scopes (a job enqueued before its options changed is not).
  const scopes = scope === null ? null : scopesOf(connector, job.options, job.splitInto);
  if (scope !== null && !scopes?.includes(scope)) {
    return {
      error:
        `${job.platform}:${job.tenant} has no scope "${scope}" with its current options (scopes: ${scopes?.join(', ') ?? 'none, not split'}); ` +
        "the job was enqueued with other options, or this worker's steward.yaml differs from the enqueuer's",
    };
  }
  return { connector, options: parsed.data, scopes };
}

async function scanAndStore(
  job: TenantJob,
  plan: RunPlan,
  options: SyncOptions,
  recorder: RunRecorder,
  clock: Clock,
): Promise<SyncRun> {
  const { run } = recorder;
  const { connector } = plan;
  const log = (options.log ?? silentLogger).child(jobLabel(job));
  const abort = new AbortController();
  // Every source being read (and each of its requests) listens to the run's signal.
  setMaxListeners(SIGNAL_LISTENERS, abort.signal);
  const onOuterAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let sources: RunSources | null = null;
  const target = {
    store: options.store,
    platform: job.platform,
    tenant: job.tenant,
    runId: run.id,
    now: run.startedAt,
    rowScope: job.scope ?? '',
    batchSize: options.batchSize ?? 1000,
    staleFields: (nativeType: string) => (sources ? staleFieldsOf(connector.sources, sources, nativeType) : []),
  };
  const sink = new BatchingSink(
    target,
    run.counts,
    factsCheck(connector.facts, job.platform, job.tenant),
    recorder.progress,
  );
  sources = new RunSources(connector.sources, sink, {
    deadlineMs: options.sourceDeadlineMs ?? DEFAULT_SOURCE_DEADLINE_MS,
    maxQuarantineShare: options.maxQuarantineShare,
    signal: abort.signal,
    log,
    excerpt: (raw) => redactExcerpt(raw, connector.secretFields),
    onQuarantine: async (record) => insertQuarantined(options.store, run, run.counts.quarantined++, record),
  });
  const state = await ScopedConnectorState.load(options.store, job);
  const cache = new HttpCacheStore(options.store, job.platform, job.tenant, (action, error) =>
    log.warn(`HTTP cache ${action} failed, continuing without it (costs quota, not data): ${describeError(error)}`),
  );
  const ctx: ScanContext<unknown> = {
    platform: job.platform,
    tenant: job.tenant,
    scope: job.scope ?? null,
    splitInto: job.splitInto ?? null,
    options: plan.options,
    sink,
    sources,
    metrics: scanMetrics(recorder, log),
    state,
    httpCache: cacheOf(cache, connector.secretFields),
    keepRaw: rawKeeper(options.keepRawDir, job.platform, job.tenant, run.id, connector.secretFields),
    log,
    clock,
    signal: abort.signal,
  };
  try {
    if (job.memberListing) sources.recordListing(job.memberListing);
    const result = await connector.scan(ctx);
    run.mode = result.mode;
    await sink.flushAll();
    await cache.flush();
    if (abort.signal.aborted) throw new Error('scan was cancelled');
    return await settle(job, plan, options, recorder, sources, state, clock);
  } catch (error) {
    await keepWhatWasFetched(sink, run);
    await cache.flush(); // answers cached so far stay valid
    run.sources = sources.list();
    run.errors.push(describeError(error));
    log.warn(`scan failed: ${describeError(error)}`);
    return await recorder.finish(abort.signal.aborted ? 'interrupted' : 'failed');
  } finally {
    abort.abort(); // a source that ignored its deadline stops here
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** After a scan that returned: records source outcomes, marks gone what complete sources no longer list, finishes. */
async function settle(
  job: TenantJob,
  plan: RunPlan,
  options: SyncOptions,
  recorder: RunRecorder,
  sources: RunSources,
  state: ScopedConnectorState,
  clock: Clock,
): Promise<SyncRun> {
  const { run } = recorder;
  run.sources = sources.list();
  for (const outcome of run.sources) {
    // A source the tenant's options switched off is a choice, not an error (its outcome keeps the reason).
    if (sources.isSwitchedOff(outcome.source)) continue;
    if (outcome.problem) run.errors.push(`source ${outcome.source} ${outcome.status}: ${problemLine(outcome.problem)}`);
    else if (outcome.status === 'partial')
      run.errors.push(
        `source ${outcome.source} partial: ${outcome.objectsFailed} object(s) could not be read, ${outcome.quarantined} record(s) quarantined${outcome.objects[0] ? `; first: ${problemLine(outcome.objects[0])}` : ''}`,
      );
  }
  const status = runStatus(run.sources);
  if (status !== 'failed' && run.mode === 'full') run.counts.removed += await sweep(job, plan, options, run);
  if (status !== 'failed') await state.save(clock.now().toISOString());
  run.counts.appeared = await countAppeared(options.store, run);
  return recorder.finish(status);
}

/**
 * Marks gone what this run's complete sources no longer list, only inside its own platform+tenant (and sub-scope, for
 * a scoped run). Returns how many identities went.
 */
async function sweep(job: TenantJob, plan: RunPlan, options: SyncOptions, run: SyncRun): Promise<number> {
  const scope = job.scope ?? null;
  const outcomes = run.sources;
  let gone = await sweepUnseen(options.store, {
    platform: job.platform,
    tenant: job.tenant,
    runId: run.id,
    now: run.startedAt,
    scope,
    nativeTypes: completeNativeTypes(plan.connector.sources, outcomes),
    people: peopleComplete(plan.connector.sources, outcomes),
  });
  // Rows left under a scope the tenant no longer has ('' from before it was split, or an older partition count)
  // go once every current scope has completed since they were written.
  if (scope !== null && plan.scopes && runStatus(outcomes) === 'succeeded') {
    gone += await sweepRetiredScopes(options.store, job.platform, job.tenant, plan.scopes, {
      id: run.id,
      scope,
      startedAt: run.startedAt,
    });
  }
  return gone;
}

function scanMetrics(recorder: RunRecorder, log: Logger): ScanMetrics {
  const { run } = recorder;
  return {
    apiCall: () => {
      run.apiCalls++;
      recorder.progress();
    },
    notModified: () => {
      run.notModified = (run.notModified ?? 0) + 1;
    },
    page: () => void run.pages++,
    retry: (reason) => {
      run.retries++;
      if (reason) log.info(`retrying: ${reason}`);
    },
  };
}

/** Keeps what a failed scan wrote (upserts are safe); never sweeps after a partial fetch. */
async function keepWhatWasFetched(sink: BatchingSink, run: SyncRun): Promise<void> {
  try {
    await sink.flushAfterFailure();
  } catch (flushError) {
    run.errors.push(`could not write the last batch: ${(flushError as Error).message}`);
  }
}

/**
 * Per-tenant connector state. Reads see the last successful run's values; writes are kept until `save`, which only
 * a successful run calls. A scoped run's keys are namespaced by its scope, so scopes never read or clobber each
 * other's.
 */
class ScopedConnectorState implements ConnectorState {
  private readonly pending = new Map<string, string | null>();

  private constructor(
    private readonly store: Store,
    private readonly job: TenantJob,
    private readonly previous: Map<string, string>,
  ) {}

  static async load(store: Store, job: TenantJob): Promise<ScopedConnectorState> {
    return new ScopedConnectorState(store, job, await loadConnectorState(store, job.platform, job.tenant));
  }

  readonly get = (key: string): string | undefined => {
    const k = this.key(key);
    return this.pending.has(k) ? (this.pending.get(k) ?? undefined) : this.previous.get(k);
  };

  readonly set = (key: string, value: string | null): void => {
    this.pending.set(this.key(key), value);
  };

  async save(at: string): Promise<void> {
    await saveConnectorState(this.store, this.job.platform, this.job.tenant, this.pending, at);
  }

  private key(key: string): string {
    const scope = this.job.scope ?? null;
    return scope === null ? key : `scope:${scope}:${key}`;
  }
}

/**
 * The connector's view of the tenant's HTTP cache: bodies are stored redacted (the connector's secret fields, every
 * token-shaped string), so a connector caches only answers its transforms read the same way redacted or not — they
 * keep no secret anyway (GitHub: `safeUrl`; github.conditional.e2e.test.ts compares a 304 re-scan with the full scan).
 */
function cacheOf(cache: HttpCacheStore, secretFields: readonly string[]): HttpCache {
  return {
    get: (url) => cache.get(url),
    put: (url, { etag, headers, body }) =>
      cache.put(url, { etag, headers, bodyJson: JSON.stringify(redactSecrets(body, secretFields)) }),
  };
}

/** One line for a run's errors; redacted, since vendors and SDKs echo URLs and header values into messages. */
export function describeError(error: unknown): string {
  return redactString(describeRawError(error));
}

function describeRawError(error: unknown): string {
  if (error instanceof Error) {
    const status =
      (error as { status?: number; statusCode?: number; $metadata?: { httpStatusCode?: number } }).status ??
      (error as { statusCode?: number }).statusCode ??
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return status ? `${error.message} (HTTP ${status})` : error.message;
  }
  return String(error);
}
