import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { Edge, Identity, Person, type PlatformId, type SyncRun } from '../model/index.js';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import { formatZodError } from '../lib/errors.js';
import type { Store } from '../store/index.js';
import {
  cleanupScope,
  insertSyncRun,
  loadConnectorState,
  removeIdentities,
  saveConnectorState,
  sweepRetiredScopes,
  updateSyncRun,
  writeEdges,
  writeIdentities,
  writePeople,
} from '../store/index.js';
import type { AnyConnector, RecordSink, ScanContext } from './connector.js';
import { rawKeeper } from './keep-raw.js';

export interface TenantJob {
  platform: PlatformId;
  tenant: string;
  /** Unvalidated `options` from config; the connector's schema validates them. */
  options: unknown;
  /** Where in the config this tenant came from, for error messages (e.g. "tenants[2]"). */
  configPath?: string;
  /**
   * One sub-scope of a split tenant (one of the connector's `scopes(options)`), or null/absent for the whole
   * tenant. Only queued scans split tenants (`splitJobs`); see docs/scale.md §5.
   */
  scope?: string | null;
}

/** `platform:tenant`, or `platform:tenant#scope` for one sub-scope of a split tenant (logs, progress lines). */
export function jobLabel(job: { platform: string; tenant: string; scope?: string | null }): string {
  return `${job.platform}:${job.tenant}${job.scope ? `#${job.scope}` : ''}`;
}

/**
 * The sub-scopes of a tenant according to its connector and options; null when it is not split (no `scopes`,
 * fewer than two, or options that do not validate — the run then fails with the validation error).
 */
export function scopesOf(connector: AnyConnector | undefined, options: unknown): string[] | null {
  if (!connector?.scopes) return null;
  const parsed = connector.optionsSchema.safeParse(options ?? {});
  if (!parsed.success) return null;
  const scopes = connector.scopes(parsed.data);
  return scopes && scopes.length > 1 ? scopes : null;
}

/** One job per sub-scope for every tenant its connector splits (queued scans); other tenants stay one job. */
export function splitJobs(
  jobs: TenantJob[],
  connectors: (platform: PlatformId) => AnyConnector | undefined,
): TenantJob[] {
  return jobs.flatMap((job): TenantJob[] => {
    const scopes = scopesOf(connectors(job.platform), job.options);
    return scopes ? scopes.map((scope) => ({ ...job, scope })) : [{ ...job, scope: null }];
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
}

/** Runs every job with bounded concurrency; resolves with one SyncRun per job, failed ones included. */
export async function runSync(jobs: TenantJob[], options: SyncOptions): Promise<SyncRun[]> {
  const results: SyncRun[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await runOne(jobs[index], options);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, jobs.length || 1));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

export async function runOne(job: TenantJob, options: SyncOptions): Promise<SyncRun> {
  const clock = options.clock ?? systemClock;
  const log = (options.log ?? silentLogger).child(jobLabel(job));
  const scope = job.scope ?? null;
  const store = options.store;
  const batchSize = options.batchSize ?? 1000;
  const run: SyncRun = {
    id: `${clock.now().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`,
    platform: job.platform,
    tenant: job.tenant,
    scope,
    startedAt: clock.now().toISOString(),
    finishedAt: null,
    status: 'running',
    mode: 'full',
    counts: { identities: 0, credentials: 0, permissions: 0, people: 0, edges: 0, removed: 0 },
    apiCalls: 0,
    pages: 0,
    retries: 0,
    errors: [],
  };
  await insertSyncRun(store, run);
  options.onEvent?.({ type: 'start', job, runId: run.id });

  const finish = async (status: SyncRun['status']) => {
    run.status = status;
    run.finishedAt = clock.now().toISOString();
    await updateSyncRun(store, run);
    options.onEvent?.({ type: 'done', job, run });
    return run;
  };

  const connector = options.connectors(job.platform);
  if (!connector) {
    run.errors.push(`no connector is registered for platform "${job.platform}"`);
    return finish('failed');
  }
  const parsed = connector.optionsSchema.safeParse(job.options ?? {});
  if (!parsed.success) {
    run.errors.push(formatZodError(parsed.error, `${job.configPath ?? `${job.platform}:${job.tenant}`}.options`));
    return finish('failed');
  }
  // A scoped run must be one of the tenant's current scopes (a job enqueued before its options changed is not).
  const scopes = scope === null ? null : scopesOf(connector, job.options);
  if (scope !== null && !scopes?.includes(scope)) {
    run.errors.push(
      `${job.platform}:${job.tenant} has no scope "${scope}" with its current options (scopes: ${scopes?.join(', ') ?? 'none, not split'}); ` +
        "the job was enqueued with other options, or this worker's steward.yaml differs from the enqueuer's",
    );
    return finish('failed');
  }
  const rowScope = scope ?? '';

  const now = run.startedAt;
  const identities: Identity[] = [];
  const people: Person[] = [];
  const edges: z.infer<typeof Edge>[] = [];
  const removals: string[] = [];
  let lastProgress = 0;
  const progress = () => {
    const t = Date.now();
    if (t - lastProgress < 200) return;
    lastProgress = t;
    options.onEvent?.({ type: 'progress', job, runId: run.id, counts: { ...run.counts }, apiCalls: run.apiCalls });
  };
  // Double buffering: one identity batch is written while the connector keeps fetching the next one (the vendor
  // round trips and the database work overlap). At most one batch is in flight; its failure surfaces on the next
  // flush or the final drain, so the run still fails and never sweeps.
  let inFlight: Promise<void> | null = null;
  const drainIdentities = async () => {
    const p = inFlight;
    inFlight = null;
    if (p) await p;
  };
  const flushIdentities = async () => {
    if (identities.length === 0) return;
    const batch = identities.splice(0);
    await drainIdentities();
    const write = writeIdentities(store, batch, run.id, now, rowScope).then(progress);
    write.catch(() => {}); // handled by whoever drains it
    inFlight = write;
  };
  const flushPeople = async () => {
    if (people.length) await writePeople(store, people.splice(0), run.id, now, rowScope);
  };
  const flushEdges = async () => {
    if (edges.length) await writeEdges(store, edges.splice(0), job.platform, job.tenant, run.id, rowScope);
  };
  const flushRemovals = async () => {
    if (removals.length === 0) return;
    // A removal must land after any pending write of the same identity.
    await flushIdentities();
    await drainIdentities();
    run.counts.removed += await removeIdentities(store, removals.splice(0));
  };
  const invalid = (what: string, error: z.ZodError, hint: string) =>
    new Error(`connector ${job.platform} produced an invalid ${what} (${hint}): ${formatZodError(error, what)}`);

  const sink: RecordSink = {
    async identity(input) {
      const r = Identity.safeParse(input);
      if (!r.success) throw invalid('identity', r.error, String((input as { id?: unknown }).id));
      if (r.data.platform !== job.platform || r.data.tenant !== job.tenant) {
        throw new Error(
          `connector ${job.platform} emitted ${r.data.id} outside its tenant scope ${job.platform}:${job.tenant}`,
        );
      }
      identities.push(r.data);
      run.counts.identities++;
      run.counts.credentials += r.data.credentials.length;
      run.counts.permissions += r.data.permissions.length;
      if (identities.length >= batchSize) await flushIdentities();
    },
    async person(input) {
      const r = Person.safeParse(input);
      if (!r.success) throw invalid('person', r.error, String((input as { id?: unknown }).id));
      people.push(r.data);
      run.counts.people++;
      if (people.length >= batchSize) await flushPeople();
    },
    async edge(input) {
      const r = Edge.safeParse(input);
      if (!r.success) throw invalid('edge', r.error, `${String(input.from)} -> ${String(input.to)}`);
      edges.push(r.data);
      run.counts.edges++;
      if (edges.length >= batchSize) await flushEdges();
    },
    async remove(id) {
      removals.push(id);
      if (removals.length >= batchSize) await flushRemovals();
    },
  };

  const previousState = await loadConnectorState(store, job.platform, job.tenant);
  const pendingState = new Map<string, string | null>();
  // State is per tenant; a scoped run's keys are namespaced by its scope, so scopes never read or clobber each other's.
  const stateKey = (key: string) => (scope === null ? key : `scope:${scope}:${key}`);
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const ctx: ScanContext<unknown> = {
    platform: job.platform,
    tenant: job.tenant,
    scope,
    options: parsed.data,
    sink,
    metrics: {
      apiCall: () => {
        run.apiCalls++;
        progress();
      },
      page: () => void run.pages++,
      retry: (reason) => {
        run.retries++;
        if (reason) log.info(`retrying: ${reason}`);
      },
    },
    state: {
      get: (key) => {
        const k = stateKey(key);
        return pendingState.has(k) ? (pendingState.get(k) ?? undefined) : previousState.get(k);
      },
      set: (key, value) => void pendingState.set(stateKey(key), value),
    },
    keepRaw: rawKeeper(options.keepRawDir, job.platform, job.tenant, run.id),
    log,
    clock,
    signal: abort.signal,
  };

  try {
    const result = await connector.scan(ctx);
    run.mode = result.mode;
    await flushIdentities();
    await drainIdentities();
    await flushPeople();
    await flushEdges();
    await flushRemovals();
    if (abort.signal.aborted) throw new Error('scan was cancelled');
    // Only a complete run may sweep, and only inside its own platform+tenant (and sub-scope, for a scoped run).
    if (result.mode === 'full') {
      run.counts.removed += await cleanupScope(store, job.platform, job.tenant, run.id, scope);
      // Rows left under a scope the tenant no longer has ('' from before it was split, or an older partition count)
      // go once every current scope has completed since they were written.
      if (scope !== null && scopes) {
        run.counts.removed += await sweepRetiredScopes(store, job.platform, job.tenant, scopes, {
          id: run.id,
          scope,
          startedAt: run.startedAt,
        });
      }
    }
    await saveConnectorState(store, job.platform, job.tenant, pendingState, clock.now().toISOString());
    return await finish('succeeded');
  } catch (error) {
    // Keep what was written (upserts are safe); never sweep after a partial fetch.
    try {
      await drainIdentities().catch(() => {});
      await flushIdentities();
      await drainIdentities();
      await flushPeople();
      await flushEdges();
    } catch (flushError) {
      run.errors.push(`could not write the last batch: ${(flushError as Error).message}`);
    }
    run.errors.push(describeError(error));
    log.warn(`scan failed: ${describeError(error)}`);
    return await finish(abort.signal.aborted ? 'interrupted' : 'failed');
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status =
      (error as { status?: number; statusCode?: number; $metadata?: { httpStatusCode?: number } }).status ??
      (error as { statusCode?: number }).statusCode ??
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return status ? `${error.message} (HTTP ${status})` : error.message;
  }
  return String(error);
}
