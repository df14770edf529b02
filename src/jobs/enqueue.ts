import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { AnyConnector } from '../sync/connector.js';
import { jobLabel, splitJobs, type TenantJob } from '../sync/engine.js';
import { expandJobs } from '../sync/expand.js';
import type { Logger } from '../lib/logger.js';
import type { PlatformId } from '../model/index.js';
import type { SyncRun } from '../model/index.js';
import { listSyncRunsById, type Store } from '../store/index.js';
import {
  ANALYSIS_QUEUE,
  DEFAULT_TIMINGS,
  SYNC_QUEUE,
  TERMINAL_STATES,
  jobState,
  type AnalysisJobData,
  type QueueTimings,
  type SyncJobData,
  type SyncJobOutput,
} from './queue.js';

export interface ScanTicket {
  scanId: string;
  enqueuedAt: string;
  sync: Array<{ jobId: string; platform: string; tenant: string; scope: string | null }>;
  analysisJobId: string;
  timings: QueueTimings;
}

/** Index of `tenants[N]` from a TenantJob's configPath. */
function configIndexOf(job: TenantJob): number {
  const m = /^tenants\[(\d+)\]$/.exec(job.configPath ?? '');
  if (!m)
    throw new Error(`cannot queue ${job.platform}:${job.tenant}: it does not come from steward.yaml's tenants list`);
  return Number(m[1]);
}

/**
 * Enqueues one sync job per TenantJob (one per connector × tenant, or per sub-scope: see `splitJobs`). The analysis
 * job is sent (with a pre-assigned id, so at most once) by whichever of the last worker or the waiting
 * `scan --queue` first sees every sync job — every scope of every tenant — finished.
 */
async function enqueueScan(boss: PgBoss, jobs: TenantJob[], timings: Partial<QueueTimings> = {}): Promise<ScanTicket> {
  const t: QueueTimings = { ...DEFAULT_TIMINGS, ...timings };
  const scanId = randomUUID();
  const analysisJobId = randomUUID();
  const sync = jobs.map((j) => ({
    jobId: randomUUID(),
    platform: j.platform,
    tenant: j.tenant,
    scope: j.scope ?? null,
    configIndex: configIndexOf(j),
    memberOf: j.memberOf,
    memberListing: j.memberListing,
  }));
  const siblings = sync.map((s) => s.jobId);
  const heartbeatSeconds = Math.max(1, Math.floor(t.expireInSeconds / 4));
  await boss.insert(
    sync.map((s) => ({
      id: s.jobId,
      name: SYNC_QUEUE,
      data: {
        scanId,
        platform: s.platform,
        tenant: s.tenant,
        scope: s.scope,
        configIndex: s.configIndex,
        ...(s.memberOf ? { memberOf: s.memberOf } : {}),
        ...(s.memberListing ? { memberListing: s.memberListing } : {}),
        siblings,
        analysisJobId,
        heartbeatSeconds,
      } satisfies SyncJobData,
      retryLimit: t.retryLimit,
      retryDelay: t.retryDelaySeconds,
      retryBackoff: false,
      expireInSeconds: t.expireInSeconds,
    })),
  );
  return {
    scanId,
    enqueuedAt: new Date().toISOString(),
    sync: sync.map(({ jobId, platform, tenant, scope }) => ({ jobId, platform, tenant, scope })),
    analysisJobId,
    timings: t,
  };
}

/** Sends the scan's analysis job if every sync job has finished; safe to call from many processes at once. */
export async function sendAnalysisIfDone(
  boss: PgBoss,
  data: { scanId: string; siblings: string[]; analysisJobId: string },
  timings: Partial<QueueTimings> = {},
): Promise<boolean> {
  for (const id of data.siblings) {
    const job = await jobState(boss, SYNC_QUEUE, id);
    if (job && !TERMINAL_STATES.has(job.state)) return false;
  }
  const t: QueueTimings = { ...DEFAULT_TIMINGS, ...timings };
  await boss.send(ANALYSIS_QUEUE, { scanId: data.scanId } satisfies AnalysisJobData, {
    id: data.analysisJobId,
    retryLimit: t.retryLimit,
    retryDelay: t.retryDelaySeconds,
    expireInSeconds: t.expireInSeconds,
  });
  return true;
}

export interface JobProgress {
  jobId: string;
  platform: string;
  tenant: string;
  scope: string | null;
  state: string;
  /** Attempts so far beyond the first. */
  retryCount: number;
  /** The sync run of the current or last attempt (from sync_runs), when one has started. */
  run: SyncRun | null;
}

export interface ScanProgress {
  sync: JobProgress[];
  analysis: { state: string; output: unknown } | null;
  done: boolean;
}

/** Reads the state of every job of a scan plus the sync runs the workers wrote (works from any machine). */
export async function scanProgress(boss: PgBoss, store: Store, ticket: ScanTicket): Promise<ScanProgress> {
  const sync: JobProgress[] = [];
  for (const s of ticket.sync) {
    const job = await jobState(boss, SYNC_QUEUE, s.jobId);
    const output = (job?.output ?? null) as SyncJobOutput | null;
    let run: SyncRun | null = null;
    if (output?.runId) run = (await listSyncRunsById(store, [output.runId]))[0] ?? null;
    else {
      // Still running: the newest run of this tenant (and scope) started after the scan was enqueued.
      const runs = await store.db
        .selectFrom('sync_runs')
        .select('id')
        .where('platform', '=', s.platform)
        .where('tenant', '=', s.tenant)
        .where('scope', '=', s.scope ?? '')
        .where('started_at', '>=', ticket.enqueuedAt)
        .orderBy('started_at', 'desc')
        .limit(1)
        .execute();
      if (runs[0]) run = (await listSyncRunsById(store, [runs[0].id]))[0] ?? null;
    }
    sync.push({
      jobId: s.jobId,
      platform: s.platform,
      tenant: s.tenant,
      scope: s.scope ?? null,
      state: job?.state ?? 'missing',
      retryCount: job?.retryCount ?? 0,
      run,
    });
  }
  const a = await jobState(boss, ANALYSIS_QUEUE, ticket.analysisJobId);
  const analysis = a ? { state: a.state, output: a.output ?? null } : null;
  return { sync, analysis, done: analysis !== null && TERMINAL_STATES.has(analysis.state) };
}

interface WaitOptions {
  pollMs?: number;
  /** Give up waiting after this many ms (the jobs stay queued). */
  timeoutMs?: number;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
}

/**
 * Waits for a queued scan: polls job states and sync runs, sends the analysis job once every sync job is terminal
 * (in case no worker did: e.g. the last job failed by expiry, with no handler running), and returns when the
 * analysis job is terminal.
 */
async function waitForScan(
  boss: PgBoss,
  store: Store,
  ticket: ScanTicket,
  options: WaitOptions = {},
): Promise<ScanProgress> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 1000;
  for (;;) {
    let p = await scanProgress(boss, store, ticket);
    if (!p.analysis && p.sync.every((s) => TERMINAL_STATES.has(s.state) || s.state === 'missing')) {
      await sendAnalysisIfDone(
        boss,
        { scanId: ticket.scanId, siblings: ticket.sync.map((s) => s.jobId), analysisJobId: ticket.analysisJobId },
        ticket.timings,
      );
      p = await scanProgress(boss, store, ticket);
    }
    options.onProgress?.(p);
    if (p.done) return p;
    if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
      throw new Error(
        `gave up waiting after ${Math.round(options.timeoutMs / 1000)} s; the scan ${ticket.scanId} stays queued and workers will finish it`,
      );
    }
    if (options.signal?.aborted) throw new Error('stopped waiting; the queued jobs keep running on the workers');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export interface QueuedScanOptions {
  /** postgres:// URL of the store (the queue lives in the same database). */
  url: string;
  store: Store;
  /**
   * Tenants to scan; a tenant whose connector expands it (an AWS organization) brings one job per member tenant, and
   * one whose connector splits it (e.g. GitHub `partitions`) becomes one job per sub-scope.
   */
  jobs: TenantJob[];
  /** For the tenant expansion's lines. */
  log?: Logger;
  /** Connector lookup for splitting (default: the registry). */
  connectors?: (platform: PlatformId) => AnyConnector | undefined;
  timings?: Partial<QueueTimings>;
  /** Return right after enqueueing (workers do everything, including the analysis). */
  noWait?: boolean;
  waitTimeoutMs?: number;
  pollMs?: number;
  /** Progress lines (one per change). */
  write?: (line: string) => void;
}

export interface QueuedScanOutcome {
  ticket: ScanTicket;
  runs: SyncRun[];
  analysis: Array<{ step: string; summary: string[] }>;
  /** False when the analysis job did not complete (failed, or not waited for). */
  analysed: boolean;
}

/** `steward scan --queue`: enqueue, then report progress across workers until the scan's analysis is done. */
export async function runQueuedScan(options: QueuedScanOptions): Promise<QueuedScanOutcome> {
  const { openQueue } = await import('./queue.js');
  const write = options.write ?? (() => {});
  const boss = await openQueue(options.url, {
    maintenanceIntervalSeconds: Math.max(
      1,
      Math.floor((options.timings?.expireInSeconds ?? DEFAULT_TIMINGS.expireInSeconds) / 4),
    ),
  });
  try {
    const connectors = options.connectors ?? (await import('../platforms/registry.js')).connectorFor;
    const expanded = await expandJobs(options.jobs, connectors, { log: options.log });
    const ticket = await enqueueScan(boss, splitJobs(expanded, connectors), options.timings);
    write(`scan ${ticket.scanId}: queued ${ticket.sync.length} sync job(s); waiting for workers (\`steward worker\`)`);
    if (options.noWait) return { ticket, runs: [], analysis: [], analysed: false };
    const seen = new Map<string, string>();
    const final = await waitForScan(boss, options.store, ticket, {
      pollMs: options.pollMs,
      timeoutMs: options.waitTimeoutMs,
      onProgress: (p) => {
        for (const s of p.sync) {
          const r = s.run;
          const line =
            `${jobLabel(s)}: job ${s.state}${s.retryCount ? ` (attempt ${s.retryCount + 1})` : ''}` +
            (r
              ? ` — run ${r.status}, ${r.counts.identities} identities, ${r.apiCalls} API calls, ${r.retries} retries`
              : '');
          const key = `${s.jobId}`;
          // Report state changes, and running counts at most every ~10k identities.
          const bucket = `${s.state}|${s.retryCount}|${r?.id}|${r?.status}|${Math.floor((r?.counts.identities ?? 0) / 10_000)}`;
          if (seen.get(key) !== bucket) {
            seen.set(key, bucket);
            write(line);
          }
        }
        if (p.analysis && seen.get('analysis') !== p.analysis.state) {
          seen.set('analysis', p.analysis.state);
          write(`analysis: job ${p.analysis.state}`);
        }
      },
    });
    const runIds = final.sync.map((s) => s.run?.id).filter((id): id is string => Boolean(id));
    const runs = await listSyncRunsById(options.store, runIds);
    const output = final.analysis?.output as { analysis?: QueuedScanOutcome['analysis'] } | null;
    return { ticket, runs, analysis: output?.analysis ?? [], analysed: final.analysis?.state === 'completed' };
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true }).catch(() => {});
  }
}
