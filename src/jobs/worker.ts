import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type { StewardConfig } from '../config/schema.js';
import { ANALYSIS_CATALOGUE, connectorFor } from '../platforms/registry.js';
import { jobLabel, runOne, describeError, type TenantJob } from '../sync/engine.js';
import { memberJob } from '../sync/expand.js';
import { runAnalysis } from '../analysis/run-analysis.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { SyncRun } from '../model/index.js';
import { AdvisoryLock, markAbandonedRuns, syncLocks, type Store } from '../store/index.js';
import { sendAnalysisIfDone } from './enqueue.js';
import {
  ANALYSIS_QUEUE,
  QUEUE_SCHEMA,
  SYNC_QUEUE,
  openQueue,
  type AnalysisJobData,
  type SyncJobData,
  type SyncJobOutput,
} from './queue.js';

export interface WorkerOptions {
  /** postgres:// URL of the store; the queue lives in the same database. */
  url: string;
  store: Store;
  /** This worker's own config: tenants (with their secrets) are resolved here, never taken from a job. */
  config: StewardConfig;
  clock: Clock;
  log: Logger;
  /** Jobs this process works on at once (each sync job has its own bounded vendor concurrency). */
  concurrency?: number;
  pollIntervalMs?: number;
  /** How often pg-boss maintenance runs here (expires jobs whose worker vanished). */
  maintenanceIntervalSeconds?: number;
  /** Stop taking jobs; running ones are interrupted (not swept) and handed back to the queue for a retry. */
  signal: AbortSignal;
  /** One line per job event (for the CLI). */
  report?: (line: string) => void;
  workerId?: string;
}

type Fetched<T> = PgBoss.JobWithMetadata<T>;

/**
 * Keeps a job's lease alive: renews it every `seconds` while we work, and aborts `controller` if the lease is lost
 * (the job expired and may be running elsewhere) or the database cannot be reached for a whole expiry period.
 */
function startHeartbeat(
  boss: PgBoss,
  queue: string,
  job: Fetched<unknown>,
  seconds: number,
  controller: AbortController,
  log: Logger,
) {
  let lastOk = Date.now();
  let lost = false;
  const expireMs = Number(job.expireInSeconds ?? 120) * 1000;
  const beat = async () => {
    try {
      const { rows } = await boss
        .getDb()
        .executeSql(
          `UPDATE ${QUEUE_SCHEMA}.job SET started_on = now() WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3 RETURNING id`,
          [queue, job.id, job.retryCount],
        );
      if (rows.length === 1) {
        lastOk = Date.now();
        return;
      }
      lost = true;
      log.warn(`job ${job.id} is no longer ours (expired or cancelled); stopping this attempt without cleanup`);
      controller.abort(new Error('job lease lost'));
    } catch (error) {
      if (Date.now() - lastOk > expireMs) {
        lost = true;
        controller.abort(new Error(`cannot renew job lease: ${(error as Error).message}`));
      }
    }
  };
  const timer = setInterval(() => void beat(), Math.max(250, seconds * 1000));
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    get lost() {
      return lost;
    },
    /** One synchronous renewal before completing: are we still the owner of this attempt? */
    check: async () => {
      await beat();
      return !lost;
    },
  };
}

/** The job a sync job stands for, from this worker's own steward.yaml (exported for tests). */
export function tenantFor(config: StewardConfig, data: SyncJobData): TenantJob {
  if (data.memberOf) return memberTenantFor(config, data, data.memberOf);
  const job = configuredTenantFor(config, data, data.tenant);
  return data.memberListing ? { ...job, memberListing: data.memberListing } : job;
}

/** A member tenant's job, derived from its expanded tenant's options in this worker's own steward.yaml. */
function memberTenantFor(config: StewardConfig, data: SyncJobData, memberOf: string): TenantJob {
  const expanded = configuredTenantFor(config, data, memberOf);
  const connector = connectorFor(data.platform);
  if (!connector) throw new Error(`no connector is registered for platform "${data.platform}"`);
  return { ...memberJob(expanded, connector, data.tenant), scope: data.scope ?? null };
}

function configuredTenantFor(config: StewardConfig, data: SyncJobData, tenant: string): TenantJob {
  const at = config.tenants[data.configIndex];
  if (at && at.platform === data.platform && at.tenant === tenant) {
    return {
      platform: at.platform,
      tenant: at.tenant,
      options: at.options,
      configPath: `tenants[${data.configIndex}]`,
      scope: data.scope ?? null,
    };
  }
  const index = config.tenants.findIndex((t) => t.platform === data.platform && t.tenant === tenant);
  if (index < 0) {
    throw new Error(
      `this worker's steward.yaml has no tenant ${data.platform}:${tenant} (enqueued as tenants[${data.configIndex}]); ` +
        'run every worker with the same tenants list as the machine that enqueues',
    );
  }
  const t = config.tenants[index];
  return {
    platform: t.platform,
    tenant: t.tenant,
    options: t.options,
    configPath: `tenants[${index}]`,
    scope: data.scope ?? null,
  };
}

export async function runWorker(options: WorkerOptions): Promise<void> {
  const boss = await openQueue(options.url, {
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    max: 4,
  });
  const worker = new Worker(boss, options);
  const onStop = () => worker.interruptAll();
  options.signal.addEventListener('abort', onStop, { once: true });
  worker.report(`worker ${worker.id}: waiting for jobs (concurrency ${options.concurrency ?? 1})`);
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => worker.slot()));
  } finally {
    options.signal.removeEventListener('abort', onStop);
    await boss.stop({ graceful: false, wait: true, close: true }).catch(() => {});
  }
}

type SyncOutcome = { run: SyncRun | null; failure: string | null };
type Heartbeat = ReturnType<typeof startHeartbeat>;

/** One worker process's job loop: `slot()` runs once per unit of concurrency, taking analysis jobs before sync jobs. */
class Worker {
  readonly id: string;
  readonly report: (line: string) => void;
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly boss: PgBoss,
    private readonly options: WorkerOptions,
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}`;
    this.report = options.report ?? (() => {});
  }

  /** Stop: running jobs are interrupted (not swept) and handed back to the queue. */
  interruptAll(): void {
    for (const c of this.running) c.abort(new Error('worker is stopping'));
  }

  async slot(): Promise<void> {
    const { boss, options } = this;
    while (!options.signal.aborted) {
      try {
        const [analysis] = await boss.fetch<AnalysisJobData>(ANALYSIS_QUEUE, { batchSize: 1, includeMetadata: true });
        if (analysis) {
          await this.processAnalysis(analysis);
          continue;
        }
        const [sync] = await boss.fetch<SyncJobData>(SYNC_QUEUE, { batchSize: 1, includeMetadata: true });
        if (sync) {
          await this.processSync(sync);
          continue;
        }
      } catch (error) {
        options.log.warn(`job queue: ${describeError(error)}`);
      }
      await sleepUnlessAborted(options.pollIntervalMs ?? 2000, options.signal);
    }
  }

  private async processSync(job: Fetched<SyncJobData>): Promise<void> {
    const data = job.data;
    const controller = new AbortController();
    this.running.add(controller);
    const heartbeat = startHeartbeat(this.boss, SYNC_QUEUE, job, data.heartbeatSeconds, controller, this.options.log);
    const lock = new AdvisoryLock(this.options.url, syncLocks(data));
    let outcome: SyncOutcome;
    try {
      outcome = await this.runSyncJob(job, lock, controller.signal);
    } finally {
      heartbeat.stop();
      this.running.delete(controller);
    }
    try {
      await this.settleSyncJob(job, heartbeat, outcome);
    } finally {
      await lock.release();
    }
    if (await sendAnalysisIfDone(this.boss, data).catch(() => false))
      this.report(`worker ${this.id}: scan ${data.scanId}: every sync job finished; analysis queued`);
  }

  /** Runs one sync job under its tenant (or scope) lock; never throws: a failure is part of the outcome. */
  private async runSyncJob(job: Fetched<SyncJobData>, lock: AdvisoryLock, signal: AbortSignal): Promise<SyncOutcome> {
    const { options, id } = this;
    const data = job.data;
    const label = jobLabel(data);
    try {
      const tenantJob = tenantFor(options.config, data);
      this.report(`worker ${id}: ${label} started (job ${job.id}, attempt ${job.retryCount + 1})`);
      // One run per tenant (or per scope of a split tenant) at a time, across every worker: two concurrent full runs
      // of a tenant would sweep each other's rows. A dead worker's session (and so its lock) is released by PostgreSQL.
      await acquireWhenFree(lock, signal, 'stopped while waiting for the tenant lock');
      await this.markAbandoned(job);
      const run = await runOne(tenantJob, {
        store: options.store,
        connectors: connectorFor,
        concurrency: 1,
        keepRawDir: options.config.scan.keepRaw ?? undefined,
        clock: options.clock,
        log: options.log,
        signal,
        // Taken above with the same advisory keys a local scan would take.
        tenantLock: 'held-by-caller',
      });
      this.report(
        `worker ${id}: ${label} ${run.status}: ${run.counts.identities} identities, ${run.apiCalls} API calls, ${run.retries} retries${run.errors.length ? ` — ${run.errors.join('; ')}` : ''}`,
      );
      // A partial run stored everything it could read and recorded what it could not: retrying would not help.
      const done = run.status === 'succeeded' || run.status === 'partial';
      return { run, failure: done ? null : run.errors.join('; ') || run.status };
    } catch (error) {
      const failure = describeError(error);
      this.report(`worker ${id}: ${label} failed: ${failure}`);
      return { run: null, failure };
    }
  }

  /** Marks runs a previous attempt left 'running' (its process died) interrupted; they are never swept. */
  private async markAbandoned(job: Fetched<SyncJobData>): Promise<void> {
    const data = job.data;
    const abandoned = await markAbandonedRuns(
      this.options.store,
      data.platform,
      data.tenant,
      `abandoned: the process running it stopped before finishing; retried as job ${job.id} attempt ${job.retryCount + 1}`,
      this.options.clock.now().toISOString(),
      data.scope ?? null,
    );
    if (abandoned)
      this.report(
        `worker ${this.id}: ${jobLabel(data)}: marked ${abandoned} abandoned run(s) interrupted (never swept)`,
      );
  }

  /** Completes or fails the job, but only while this attempt still owns it (its lease did not expire). */
  private async settleSyncJob(job: Fetched<SyncJobData>, heartbeat: Heartbeat, outcome: SyncOutcome): Promise<void> {
    const { run, failure } = outcome;
    const output: SyncJobOutput = {
      runId: run?.id ?? null,
      status: run?.status ?? 'failed',
      errors: run?.errors ?? (failure ? [failure] : []),
    };
    if (heartbeat.lost || !(await heartbeat.check())) return;
    if (failure === null) await this.boss.complete(SYNC_QUEUE, job.id, output as unknown as object);
    else await this.boss.fail(SYNC_QUEUE, job.id, output as unknown as object);
  }

  private async processAnalysis(job: Fetched<AnalysisJobData>): Promise<void> {
    const { boss, options, id } = this;
    const controller = new AbortController();
    this.running.add(controller);
    const expireIn = Math.max(1, Math.floor(Number(job.expireInSeconds) / 4));
    const heartbeat = startHeartbeat(boss, ANALYSIS_QUEUE, job, expireIn, controller, options.log);
    const lock = new AdvisoryLock(options.url, { key: 'steward:analysis' });
    const scan = `analysis for scan ${job.data.scanId}`;
    try {
      this.report(`worker ${id}: ${scan} started (job ${job.id})`);
      await acquireWhenFree(lock, controller.signal, 'stopped while waiting for the analysis lock');
      const analysis = await runAnalysis({
        store: options.store,
        config: options.config,
        clock: options.clock,
        log: options.log,
        catalogue: ANALYSIS_CATALOGUE,
      });
      if (controller.signal.aborted) throw new Error(String(controller.signal.reason ?? 'aborted'));
      if (await heartbeat.check()) await boss.complete(ANALYSIS_QUEUE, job.id, { analysis });
      this.report(`worker ${id}: ${scan} done`);
    } catch (error) {
      this.report(`worker ${id}: ${scan} failed: ${describeError(error)}`);
      if (!heartbeat.lost) await boss.fail(ANALYSIS_QUEUE, job.id, { message: describeError(error) }).catch(() => {});
    } finally {
      heartbeat.stop();
      this.running.delete(controller);
      await lock.release();
    }
  }
}

/** Waits for the lock, retrying every second; throws `stoppedMessage` once the job is told to stop. */
async function acquireWhenFree(lock: AdvisoryLock, signal: AbortSignal, stoppedMessage: string): Promise<void> {
  while (!(await lock.tryAcquire())) {
    if (signal.aborted) throw new Error(stoppedMessage);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Sleeps `ms`, waking early when the worker stops. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', wake);
      resolve();
    }, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}
