import { sql } from 'kysely';
import type { Edge, Identity, Person } from '../model/index.js';
import { bulkWrite, type BulkOp, type TableSpec } from './bulk.js';
import type { Store } from './open.js';
import { credentialRow, edgeRow, identityRow, permissionRow, personRow } from './rows.js';
import type { CredentialsTable, EdgesTable, IdentitiesTable, PeopleTable, PermissionsTable } from './schema.js';

/** Compile-time check that a column list names every column of a table. */
type Covers<Table, Cols extends readonly string[]> = Exclude<keyof Table, Cols[number]> extends never ? Cols : never;

const IDENTITY_COLUMNS = [
  'id', 'platform', 'tenant', 'kind', 'native_type', 'native_id', 'name', 'created_at', 'created_by', 'last_used_at',
  'last_used_source', 'enabled', 'publisher_name', 'publisher_verified', 'publisher_domain', 'third_party', 'interactive',
  'environment', 'attributes', 'owner_claims', 'first_seen', 'last_seen', 'sync_run_id',
] as const;
const CREDENTIAL_COLUMNS = [
  'id', 'identity_id', 'platform', 'tenant', 'type', 'name', 'created_at', 'expires_at', 'last_used_at', 'last_used_source',
  'fingerprint', 'enabled', 'attributes', 'sync_run_id',
] as const;
const PERMISSION_COLUMNS = [
  'identity_id', 'ordinal', 'platform', 'tenant', 'native_name', 'resource', 'access', 'sensitivity', 'path_to_admin', 'source',
  'last_used_at', 'attributes', 'sync_run_id',
] as const;
const PEOPLE_COLUMNS = [
  'id', 'source', 'tenant', 'native_id', 'email', 'name', 'login', 'status', 'departed_at', 'manager_email', 'team', 'department',
  'attributes', 'first_seen', 'last_seen', 'sync_run_id',
] as const;
const EDGE_COLUMNS = ['from_id', 'to_id', 'kind', 'platform', 'tenant', 'attributes', 'sync_run_id'] as const;

/** Every column but the key and first_seen is refreshed on conflict (first_seen keeps the first sighting). */
const refresh = (cols: readonly string[], keep: readonly string[]) => cols.filter((c) => !keep.includes(c));

export const IDENTITIES: TableSpec = {
  table: 'identities',
  columns: IDENTITY_COLUMNS satisfies Covers<IdentitiesTable, typeof IDENTITY_COLUMNS>,
  ints: ['enabled', 'publisher_verified', 'third_party', 'interactive'],
  conflict: { target: ['id'], update: refresh(IDENTITY_COLUMNS, ['id', 'platform', 'tenant', 'native_id', 'first_seen']) },
};
export const CREDENTIALS: TableSpec = {
  table: 'credentials',
  columns: CREDENTIAL_COLUMNS satisfies Covers<CredentialsTable, typeof CREDENTIAL_COLUMNS>,
  ints: ['enabled'],
  conflict: { target: ['id'], update: 'nothing' },
};
export const PERMISSIONS: TableSpec = {
  table: 'permissions',
  columns: PERMISSION_COLUMNS satisfies Covers<PermissionsTable, typeof PERMISSION_COLUMNS>,
  ints: ['ordinal', 'path_to_admin'],
};
export const PEOPLE: TableSpec = {
  table: 'people',
  columns: PEOPLE_COLUMNS satisfies Covers<PeopleTable, typeof PEOPLE_COLUMNS>,
  conflict: { target: ['id'], update: refresh(PEOPLE_COLUMNS, ['id', 'source', 'tenant', 'native_id', 'first_seen']) },
};
export const EDGES: TableSpec = {
  table: 'edges',
  columns: EDGE_COLUMNS satisfies Covers<EdgesTable, typeof EDGE_COLUMNS>,
  conflict: { target: ['from_id', 'to_id', 'kind'], update: ['attributes', 'sync_run_id'] },
};

/** Last occurrence wins: one statement may not touch the same key twice (PostgreSQL ON CONFLICT DO UPDATE). */
function lastById<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return byKey.size === items.length ? [...items] : [...byKey.values()];
}

/**
 * The store's load port for the sync engine: upserts a batch in one transaction. Every row is tagged with the
 * run that wrote it so that cleanup can later remove, within one tenant, only what this run did not see.
 * An identity's credentials and permissions are replaced as a whole (what the vendor dropped disappears).
 */
export async function writeIdentities(store: Store, identities: Identity[], runId: string, now: string): Promise<void> {
  if (identities.length === 0) return;
  const unique = lastById(identities, (i) => i.id);
  const ids = unique.map((i) => i.id);
  const ops: BulkOp[] = [
    { kind: 'delete', table: 'credentials', column: 'identity_id', values: ids },
    { kind: 'delete', table: 'permissions', column: 'identity_id', values: ids },
    { kind: 'upsert', spec: IDENTITIES, rows: unique.map((i) => identityRow(i, runId, now)) },
    { kind: 'upsert', spec: CREDENTIALS, rows: unique.flatMap((i) => i.credentials.map((c) => credentialRow(i, c, runId))) },
    { kind: 'upsert', spec: PERMISSIONS, rows: unique.flatMap((i) => i.permissions.map((p, n) => permissionRow(i, p, n, runId))) },
  ];
  await bulkWrite(store, ops);
}

export async function writePeople(store: Store, people: Person[], runId: string, now: string): Promise<void> {
  if (people.length === 0) return;
  await bulkWrite(store, [{ kind: 'upsert', spec: PEOPLE, rows: lastById(people, (p) => p.id).map((p) => personRow(p, runId, now)) }]);
}

export async function writeEdges(store: Store, edges: Edge[], platform: string, tenant: string, runId: string): Promise<void> {
  if (edges.length === 0) return;
  const unique = lastById(edges, (e) => `${e.from}\u0000${e.to}\u0000${e.kind}`);
  await bulkWrite(store, [{ kind: 'upsert', spec: EDGES, rows: unique.map((e) => edgeRow(e, platform, tenant, runId)) }]);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Explicit removals reported by an incremental (delta) run. */
export async function removeIdentities(store: Store, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  let removed = 0;
  await store.db.transaction().execute(async (trx) => {
    for (const idChunk of chunks(ids, 1000)) {
      await trx.deleteFrom('credentials').where('identity_id', 'in', idChunk).execute();
      await trx.deleteFrom('permissions').where('identity_id', 'in', idChunk).execute();
      await trx.deleteFrom('edges').where('from_id', 'in', idChunk).execute();
      const r = await trx.deleteFrom('identities').where('id', 'in', idChunk).executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
  });
  return removed;
}

/**
 * Removes what a complete run of one connector for one tenant did not see. Only ever called after a run that
 * listed everything successfully; scoped by platform and tenant so other tenants are never touched.
 */
export async function cleanupScope(store: Store, platform: string, tenant: string, runId: string): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('credentials').where('platform', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    await trx.deleteFrom('permissions').where('platform', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    await trx.deleteFrom('edges').where('platform', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    await trx.deleteFrom('people').where('source', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    const r = await trx
      .deleteFrom('identities')
      .where('platform', '=', platform)
      .where('tenant', '=', tenant)
      .where('sync_run_id', '!=', runId)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}

/** Keeps `sql` imported for dialect-specific maintenance (VACUUM/ANALYZE) callers may add. */
export async function analyze(store: Store): Promise<void> {
  await sql`ANALYZE`.execute(store.db);
}
