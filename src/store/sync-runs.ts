import type { Selectable } from 'kysely';
import { SyncCounts, type SyncRun } from '../model/index.js';
import type { Store } from './open.js';
import type { SyncRunsTable } from './schema.js';
import { parseJson } from './rows.js';

function runRow(run: SyncRun) {
  return {
    id: run.id,
    platform: run.platform,
    tenant: run.tenant,
    scope: run.scope ?? '',
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    status: run.status,
    mode: run.mode,
    counts: JSON.stringify(run.counts),
    api_calls: run.apiCalls,
    not_modified: run.notModified ?? 0,
    pages: run.pages,
    retries: run.retries,
    errors: JSON.stringify(run.errors),
    sources: JSON.stringify(run.sources ?? []),
  };
}

export async function insertSyncRun(store: Store, run: SyncRun): Promise<void> {
  await store.db.insertInto('sync_runs').values(runRow(run)).execute();
}

/** Records progress and the outcome; who ran it and when it started never change. */
export async function updateSyncRun(store: Store, run: SyncRun): Promise<void> {
  const {
    id: _id,
    platform: _platform,
    tenant: _tenant,
    scope: _scope,
    started_at: _started,
    ...changing
  } = runRow(run);
  await store.db.updateTable('sync_runs').set(changing).where('id', '=', run.id).execute();
}

function runFromRow(r: Selectable<SyncRunsTable>): SyncRun {
  return {
    id: r.id,
    platform: r.platform,
    tenant: r.tenant,
    scope: r.scope || null,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status as SyncRun['status'],
    mode: r.mode as SyncRun['mode'],
    // Counters added later (appeared, quarantined) default to 0 for runs recorded before them.
    counts: SyncCounts.parse(parseJson(r.counts, {})),
    apiCalls: Number(r.api_calls),
    notModified: Number(r.not_modified ?? 0),
    pages: Number(r.pages),
    retries: Number(r.retries),
    errors: parseJson(r.errors, []),
    sources: parseJson(r.sources, []),
  };
}

export async function getSyncRun(store: Store, id: string): Promise<SyncRun | null> {
  const row = await store.db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? runFromRow(row) : null;
}

/** What one run changed in the inventory: identities seen for the first time, and identities it found gone. */
export async function runChanges(
  store: Store,
  run: SyncRun,
  limit = 200,
): Promise<{ appeared: RunChange[]; gone: RunChange[] }> {
  const columns = ['id', 'native_type', 'name'] as const;
  const appeared = await store.db
    .selectFrom('identities')
    .select(columns)
    .where('platform', '=', run.platform)
    .where('tenant', '=', run.tenant)
    .where('first_seen', '=', run.startedAt)
    .orderBy('id')
    .limit(limit)
    .execute();
  const gone = await store.db
    .selectFrom('identities')
    .select(columns)
    .where('gone_run_id', '=', run.id)
    .orderBy('id')
    .limit(limit)
    .execute();
  const change = (r: { id: string; native_type: string; name: string }) => ({
    id: r.id,
    nativeType: r.native_type,
    name: r.name,
  });
  return { appeared: appeared.map(change), gone: gone.map(change) };
}

export interface RunChange {
  id: string;
  nativeType: string;
  name: string;
}

/** How many identities a run saw for the first time (first_seen is the start of the run that inserted them). */
export async function countAppeared(store: Store, run: SyncRun): Promise<number> {
  const r = await store.db
    .selectFrom('identities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('platform', '=', run.platform)
    .where('tenant', '=', run.tenant)
    .where('first_seen', '=', run.startedAt)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface QuarantineRow {
  source: string;
  nativeId: string | null;
  reason: string;
  excerpt: string;
}

export async function insertQuarantined(store: Store, run: SyncRun, ordinal: number, q: QuarantineRow): Promise<void> {
  await store.db
    .insertInto('quarantine')
    .values({
      run_id: run.id,
      ordinal,
      platform: run.platform,
      tenant: run.tenant,
      source: q.source,
      native_id: q.nativeId,
      reason: q.reason,
      excerpt: q.excerpt,
      at: new Date().toISOString(),
    })
    .execute();
}

export async function listQuarantined(store: Store, runId: string): Promise<QuarantineRow[]> {
  const rows = await store.db
    .selectFrom('quarantine')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({ source: r.source, nativeId: r.native_id, reason: r.reason, excerpt: r.excerpt }));
}

export async function listSyncRunsById(store: Store, ids: string[]): Promise<SyncRun[]> {
  if (ids.length === 0) return [];
  const rows = await store.db.selectFrom('sync_runs').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, runFromRow(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Marks runs of one tenant still recorded as 'running' as interrupted (their process died: a killed worker).
 * Only call while holding that tenant's sync lock, so no live run can be among them. Their rows are never swept by
 * them; the next complete run rewrites every record with its own id and then cleans up.
 * `scope` null (an unsplit run, holding the tenant's lock exclusively) marks runs of every scope; a scoped run (holding
 * its scope's lock, and the tenant's lock shared) marks only runs of its own scope and unsplit ones ('').
 */
export async function markAbandonedRuns(
  store: Store,
  platform: string,
  tenant: string,
  reason: string,
  now: string,
  scope: string | null = null,
  exceptRunId?: string,
): Promise<number> {
  let q = store.db
    .updateTable('sync_runs')
    .set({ status: 'interrupted', finished_at: now, errors: JSON.stringify([reason]) })
    .where('platform', '=', platform)
    .where('tenant', '=', tenant)
    .where('status', '=', 'running');
  if (scope !== null) q = q.where('scope', 'in', [scope, '']);
  if (exceptRunId) q = q.where('id', '!=', exceptRunId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listSyncRuns(
  store: Store,
  filter: { platform?: string; tenant?: string; limit?: number } = {},
): Promise<SyncRun[]> {
  let q = store.db.selectFrom('sync_runs').selectAll();
  if (filter.platform) q = q.where('platform', '=', filter.platform);
  if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
  const rows = await q
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 50)
    .execute();
  return rows.map(runFromRow);
}

/**
 * How many API calls the latest finished full runs of each tenant made: key `platform:tenant` for the tenant — its
 * latest unsplit run, or the sum of the latest run of each scope if the tenant was split since — and
 * `platform:tenant#scope` for each scope's latest run. The scheduler starts the heaviest jobs first, and `auto`
 * threads look at the estate's size.
 */
export async function lastRunCalls(store: Store): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('sync_runs')
    .select(['platform', 'tenant', 'scope', 'api_calls', 'started_at'])
    .where('finished_at', 'is not', null)
    .where('mode', '=', 'full')
    .orderBy('started_at', 'asc')
    .execute();
  type Latest = { calls: number; startedAt: string };
  const unsplit = new Map<string, Latest>();
  const scoped = new Map<string, Map<string, Latest>>();
  for (const r of rows) {
    const tenant = `${r.platform}:${r.tenant}`;
    const run = { calls: r.api_calls, startedAt: r.started_at };
    if (!r.scope) unsplit.set(tenant, run);
    else scoped.set(tenant, (scoped.get(tenant) ?? new Map<string, Latest>()).set(r.scope, run));
  }
  const calls = new Map<string, number>();
  for (const [tenant, run] of unsplit) calls.set(tenant, run.calls);
  for (const [tenant, scopes] of scoped) {
    let sum = 0;
    for (const [scope, run] of scopes) {
      calls.set(`${tenant}#${scope}`, run.calls);
      // Only scope runs newer than the tenant's latest unsplit run describe its current size.
      if (run.startedAt > (unsplit.get(tenant)?.startedAt ?? '')) sum += run.calls;
    }
    if (sum > 0) calls.set(tenant, sum);
  }
  return calls;
}
