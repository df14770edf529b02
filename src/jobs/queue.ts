import pg from 'pg';
import PgBoss from 'pg-boss';
import type { PlatformId } from '../model/index.js';
import type { MemberListing } from '../sync/connector.js';
import { isPostgresUrl, redactUrl } from '../store/index.js';
import { UserError } from '../lib/errors.js';

/**
 * The job queue lives in the team's PostgreSQL (the same database as the store), in pg-boss's own schema.
 * Two queues: one sync job per connector × tenant (× sub-scope, for a tenant its connector splits), and one analysis
 * job per scan once its sync jobs are done.
 */
export const SYNC_QUEUE = 'steward-sync';
export const ANALYSIS_QUEUE = 'steward-analysis';
export const QUEUE_SCHEMA = 'steward_jobs';

/**
 * A sync job's payload. Never secrets: a worker resolves the tenant's options (and their secret references) from
 * its own steward.yaml and environment, by index, and checks that platform and tenant still match.
 */
export interface SyncJobData {
  scanId: string;
  platform: PlatformId;
  tenant: string;
  /** The sub-scope of a split tenant this job scans (e.g. GitHub `repos:2/4`); null/absent = the whole tenant. */
  scope?: string | null;
  /** Index into `tenants:` of the enqueuer's steward.yaml (workers must run with the same tenant list). */
  configIndex: number;
  /**
   * A member tenant (an AWS organization's member account): the configured tenant it was listed by, at configIndex.
   * The worker derives its options from that tenant's (`memberJob`), as the enqueuer did.
   */
  memberOf?: string;
  /** The expanded tenant's job: how its members were listed (no secrets: outcome, endpoint, permission, message). */
  memberListing?: MemberListing;
  /** Job ids of every sync job of this scan (so the worker that finishes last can enqueue the analysis). */
  siblings: string[];
  /** Pre-assigned id of the scan's analysis job; sending it twice is a no-op (pg-boss ON CONFLICT DO NOTHING). */
  analysisJobId: string;
  /** Seconds between heartbeats; the job expires (and is retried elsewhere) after `expireInSeconds` without one. */
  heartbeatSeconds: number;
}

export interface AnalysisJobData {
  scanId: string;
}

/** What a sync job leaves as its pg-boss output. */
export interface SyncJobOutput {
  runId: string | null;
  status: string;
  errors: string[];
}

export interface QueueTimings {
  /**
   * A job not heard from for this long (worker killed, machine gone, network cut) is failed by pg-boss's
   * maintenance and retried by another worker. Running workers renew it with a heartbeat.
   */
  expireInSeconds: number;
  /** Retries after the first attempt (a killed worker, a vendor outage, a failed run). */
  retryLimit: number;
  retryDelaySeconds: number;
}

export const DEFAULT_TIMINGS: QueueTimings = { expireInSeconds: 120, retryLimit: 2, retryDelaySeconds: 5 };

export interface OpenQueueOptions {
  /** How often this process runs pg-boss maintenance (expiring lost jobs); pg-boss coordinates it across processes. */
  maintenanceIntervalSeconds?: number;
  /** Pool size for pg-boss's own connections. */
  max?: number;
  /** Run maintenance in this process (workers and waiting scans do; a fire-and-forget enqueue does not). */
  supervise?: boolean;
}

export function requirePostgres(location: string, what: string): void {
  if (!isPostgresUrl(location)) {
    throw new UserError(
      `${what} needs a PostgreSQL store (the job queue lives there), but the store is ${redactUrl(location)}. ` +
        'Pass --store postgres://user:password@host/db or set `store:` in steward.yaml.',
    );
  }
}

/** Starts pg-boss on the store's database (creating its schema and Steward's queues if needed). */
export async function openQueue(url: string, options: OpenQueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: options.max ?? 4,
    application_name: 'steward-queue',
    supervise: options.supervise ?? true,
    schedule: false,
    maintenanceIntervalSeconds: Math.max(1, Math.round(options.maintenanceIntervalSeconds ?? 30)),
    // Finished jobs stay queryable (progress, outputs) for a week before pg-boss archives and drops them.
    archiveCompletedAfterSeconds: 7 * 86_400,
  });
  boss.on('error', (error) => {
    process.stderr.write(`steward: job queue: ${redactUrl(String((error as Error).message ?? error))}\n`);
  });
  // Workers started together on a fresh database would otherwise create the queues at the same time, and pg-boss's
  // create_queue (partition attach) deadlocks against itself; one process at a time sets up, the others then find it.
  const setupLock = new pg.Client({ connectionString: url, application_name: 'steward-queue-setup' });
  setupLock.on('error', () => {});
  await setupLock.connect();
  try {
    await setupLock.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`${QUEUE_SCHEMA} setup`]);
    await boss.start();
    for (const name of [SYNC_QUEUE, ANALYSIS_QUEUE]) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'standard' });
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: true, close: true }).catch(() => {});
    throw error;
  } finally {
    // Ending the session releases the advisory lock.
    await setupLock.end().catch(() => {});
  }
  return boss;
}

export const TERMINAL_STATES = new Set(['completed', 'failed', 'cancelled']);

export async function jobState(
  boss: PgBoss,
  queue: string,
  id: string,
): Promise<PgBoss.JobWithMetadata<unknown> | null> {
  return boss.getJobById<unknown>(queue, id, { includeArchive: true });
}
