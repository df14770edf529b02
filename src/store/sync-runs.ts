import type { SyncRun } from '../model/index.js';
import type { Store } from './open.js';
import { parseJson } from './rows.js';

export async function insertSyncRun(store: Store, run: SyncRun): Promise<void> {
  await store.db
    .insertInto('sync_runs')
    .values({
      id: run.id,
      platform: run.platform,
      tenant: run.tenant,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      status: run.status,
      mode: run.mode,
      counts: JSON.stringify(run.counts),
      api_calls: run.apiCalls,
      pages: run.pages,
      retries: run.retries,
      errors: JSON.stringify(run.errors),
    })
    .execute();
}

export async function updateSyncRun(store: Store, run: SyncRun): Promise<void> {
  await store.db
    .updateTable('sync_runs')
    .set({
      finished_at: run.finishedAt,
      status: run.status,
      mode: run.mode,
      counts: JSON.stringify(run.counts),
      api_calls: run.apiCalls,
      pages: run.pages,
      retries: run.retries,
      errors: JSON.stringify(run.errors),
    })
    .where('id', '=', run.id)
    .execute();
}

export async function listSyncRuns(store: Store, filter: { platform?: string; tenant?: string; limit?: number } = {}): Promise<SyncRun[]> {
  let q = store.db.selectFrom('sync_runs').selectAll();
  if (filter.platform) q = q.where('platform', '=', filter.platform);
  if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 50).execute();
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    tenant: r.tenant,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status as SyncRun['status'],
    mode: r.mode as SyncRun['mode'],
    counts: parseJson(r.counts, { identities: 0, credentials: 0, permissions: 0, people: 0, edges: 0, removed: 0 }),
    apiCalls: Number(r.api_calls),
    pages: Number(r.pages),
    retries: Number(r.retries),
    errors: parseJson(r.errors, []),
  }));
}
