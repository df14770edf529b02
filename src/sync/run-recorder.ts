import { randomUUID } from 'node:crypto';
import { SyncCounts, type SyncRun } from '../model/index.js';
import type { Clock } from '../lib/clock.js';
import { insertSyncRun, type Store, updateSyncRun } from '../store/index.js';
import type { SyncEvent, TenantJob } from './engine.js';

/** Progress events are throttled to this interval so a fast scan does not flood the terminal or the queue. */
const PROGRESS_INTERVAL_MS = 200;

/** Keeps one sync run's row and counters, and tells the caller (progress line, worker) how it goes. */
export class RunRecorder {
  private lastProgress = 0;

  private constructor(
    readonly run: SyncRun,
    private readonly job: TenantJob,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onEvent: ((event: SyncEvent) => void) | undefined,
  ) {}

  /** Inserts the run as 'running' and announces it. */
  static async start(
    job: TenantJob,
    store: Store,
    clock: Clock,
    onEvent?: (event: SyncEvent) => void,
  ): Promise<RunRecorder> {
    const recorder = new RunRecorder(newRun(job, clock), job, store, clock, onEvent);
    await insertSyncRun(store, recorder.run);
    onEvent?.({ type: 'start', job, runId: recorder.run.id });
    return recorder;
  }

  readonly progress = (): void => {
    const t = Date.now();
    if (t - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = t;
    const { run } = this;
    this.onEvent?.({
      type: 'progress',
      job: this.job,
      runId: run.id,
      counts: { ...run.counts },
      apiCalls: run.apiCalls,
    });
  };

  async fail(error: string): Promise<SyncRun> {
    this.run.errors.push(error);
    return this.finish('failed');
  }

  async finish(status: SyncRun['status']): Promise<SyncRun> {
    this.run.status = status;
    this.run.finishedAt = this.clock.now().toISOString();
    await updateSyncRun(this.store, this.run);
    this.onEvent?.({ type: 'done', job: this.job, run: this.run });
    return this.run;
  }
}

function newRun(job: TenantJob, clock: Clock): SyncRun {
  return {
    id: `${clock.now().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`,
    platform: job.platform,
    tenant: job.tenant,
    scope: job.scope ?? null,
    startedAt: clock.now().toISOString(),
    finishedAt: null,
    status: 'running',
    mode: 'full',
    counts: SyncCounts.parse({}),
    apiCalls: 0,
    notModified: 0,
    pages: 0,
    retries: 0,
    errors: [],
    sources: [],
  };
}
