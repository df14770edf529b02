import { createHash } from 'node:crypto';
import type { Edge, Identity, Person } from '../model/index.js';
import { bulkWrite, columnsExcept, type BulkOp, type TableSpec } from './bulk.js';
import type { Store } from './open.js';
import { credentialRow, edgeRow, identityRow, permissionRow, personRow } from './rows.js';
import type { Database } from './schema.js';
import { keepStaleValues } from './stale-values.js';

/** Compile-time check that a column list names every column of a table. */
type Covers<Table, Cols extends readonly string[]> = Exclude<keyof Table, Cols[number]> extends never ? Cols : never;

const IDENTITY_COLUMNS = [
  'id',
  'platform',
  'tenant',
  'kind',
  'native_type',
  'native_id',
  'name',
  'created_at',
  'created_by',
  'last_used_at',
  'last_used_source',
  'enabled',
  'publisher_name',
  'publisher_verified',
  'publisher_domain',
  'third_party',
  'interactive',
  'environment',
  'attributes',
  'owner_claims',
  'first_seen',
  'last_seen',
  'sync_run_id',
  'gone_at',
  'gone_run_id',
  'stale',
  'scope',
  'content_hash',
] as const;
const CREDENTIAL_COLUMNS = [
  'id',
  'identity_id',
  'platform',
  'tenant',
  'type',
  'name',
  'created_at',
  'expires_at',
  'last_used_at',
  'last_used_source',
  'fingerprint',
  'enabled',
  'attributes',
  'sync_run_id',
  'scope',
] as const;
const PERMISSION_COLUMNS = [
  'identity_id',
  'ordinal',
  'platform',
  'tenant',
  'native_name',
  'resource',
  'access',
  'sensitivity',
  'path_to_admin',
  'source',
  'last_used_at',
  'attributes',
  'sync_run_id',
  'scope',
] as const;
const PEOPLE_COLUMNS = [
  'id',
  'source',
  'tenant',
  'native_id',
  'email',
  'name',
  'login',
  'status',
  'departed_at',
  'manager_email',
  'team',
  'department',
  'attributes',
  'first_seen',
  'last_seen',
  'sync_run_id',
  'scope',
] as const;
const EDGE_COLUMNS = ['from_id', 'to_id', 'kind', 'platform', 'tenant', 'attributes', 'sync_run_id', 'scope'] as const;

// Every column but the key and first_seen is refreshed on conflict (first_seen keeps the first sighting).
const IDENTITIES: TableSpec = {
  table: 'identities',
  columns: IDENTITY_COLUMNS satisfies Covers<Database['identities'], typeof IDENTITY_COLUMNS>,
  ints: ['enabled', 'publisher_verified', 'third_party', 'interactive'],
  conflict: {
    target: ['id'],
    update: columnsExcept(IDENTITY_COLUMNS, ['id', 'platform', 'tenant', 'native_id', 'first_seen']),
    // Last use from activity (`steward events import`) is often newer than the vendor's own field: a scan never
    // moves it back.
    keepNewer: { column: 'last_used_at', follow: ['last_used_source'] },
  },
};
const CREDENTIALS: TableSpec = {
  table: 'credentials',
  columns: CREDENTIAL_COLUMNS satisfies Covers<Database['credentials'], typeof CREDENTIAL_COLUMNS>,
  ints: ['enabled'],
  conflict: { target: ['id'], update: 'nothing' },
};
const PERMISSIONS: TableSpec = {
  table: 'permissions',
  columns: PERMISSION_COLUMNS satisfies Covers<Database['permissions'], typeof PERMISSION_COLUMNS>,
  ints: ['ordinal', 'path_to_admin'],
};
const PEOPLE: TableSpec = {
  table: 'people',
  columns: PEOPLE_COLUMNS satisfies Covers<Database['people'], typeof PEOPLE_COLUMNS>,
  conflict: {
    target: ['id'],
    update: columnsExcept(PEOPLE_COLUMNS, ['id', 'source', 'tenant', 'native_id', 'first_seen']),
  },
};
const EDGES: TableSpec = {
  table: 'edges',
  columns: EDGE_COLUMNS satisfies Covers<Database['edges'], typeof EDGE_COLUMNS>,
  conflict: { target: ['from_id', 'to_id', 'kind'], update: ['attributes', 'sync_run_id', 'scope'] },
};

type LastUse = { last_used_at: string | null; last_used_source: string | null };

/** The stored last use of the credentials about to be replaced (activity may have moved it past the vendor's). */
async function storedCredentialLastUse(store: Store, identities: readonly Identity[]): Promise<Map<string, LastUse>> {
  const out = new Map<string, LastUse>();
  for (let i = 0; i < identities.length; i += 1000) {
    const rows = await store.db
      .selectFrom('credentials')
      .select(['id', 'last_used_at', 'last_used_source'])
      .where(
        'identity_id',
        'in',
        identities.slice(i, i + 1000).map((x) => x.id),
      )
      .where('last_used_at', 'is not', null)
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** A re-scan never moves a credential's last use back (the identity's is kept the same way, in SQL). */
function keepNewerLastUse<T extends LastUse & { id: string }>(rows: T[], stored: ReadonlyMap<string, LastUse>): T[] {
  for (const row of rows) {
    const before = stored.get(row.id);
    if (before?.last_used_at && (!row.last_used_at || before.last_used_at > row.last_used_at)) {
      row.last_used_at = before.last_used_at;
      row.last_used_source = before.last_used_source;
    }
  }
  return rows;
}

/** Last occurrence wins: one statement may not touch the same key twice (PostgreSQL ON CONFLICT DO UPDATE). */
function lastById<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return byKey.size === items.length ? [...items] : [...byKey.values()];
}

/**
 * Everything a scan writes about an identity, credentials and permissions included, hashed (SHA-1 of the validated
 * record's JSON: the model's schemas give its keys a fixed order). Not a security boundary: a change detector.
 */
function contentHash(identity: Identity, scope: string): string {
  return createHash('sha1').update(scope).update('\u0000').update(JSON.stringify(identity)).digest('base64');
}

/**
 * The identities of a batch stored with the same content hash, still present and in the same scope, and with no
 * stale field (whose stored value must be merged in): rewriting them would change nothing but when they were seen.
 */
async function unchangedSinceStored(
  store: Store,
  identities: readonly Identity[],
  hashes: ReadonlyMap<string, string>,
  scope: string,
): Promise<Set<string>> {
  const same = new Set<string>();
  const candidates = identities.filter((i) => i.stale.length === 0).map((i) => i.id);
  for (let i = 0; i < candidates.length; i += 1000) {
    const rows = await store.db
      .selectFrom('identities')
      .select(['id', 'content_hash'])
      .where('id', 'in', candidates.slice(i, i + 1000))
      .where('gone_at', 'is', null)
      .where('scope', '=', scope)
      .where('content_hash', 'is not', null)
      .execute();
    for (const r of rows) if (r.content_hash === hashes.get(r.id)) same.add(r.id);
  }
  return same;
}

/**
 * The store's load port for the sync engine: upserts a batch in one transaction. Every row is tagged with the
 * run that wrote it, and that run's sub-scope of the tenant ('' = unsplit). An identity's credentials and
 * permissions are replaced as a whole (what the vendor dropped disappears) — unless they are stale (the source that
 * lists them did not answer for it this run): then the stored ones stay, as do stale fields (src/store/stale-values.ts).
 */
export async function writeIdentities(
  store: Store,
  identities: Identity[],
  runId: string,
  now: string,
  scope = '',
): Promise<void> {
  if (identities.length === 0) return;
  const all = lastById(identities, (i) => i.id);
  const hashes = new Map(all.map((i) => [i.id, contentHash(i, scope)]));
  const same = await unchangedSinceStored(store, all, hashes, scope);
  const unique = same.size ? all.filter((i) => !same.has(i.id)) : all;
  const kept = await keepStaleValues(store, unique);
  const newCredentials = unique.filter((i) => !kept.credentials.has(i.id));
  const newPermissions = unique.filter((i) => !kept.permissions.has(i.id));
  const ops: BulkOp[] = [
    { kind: 'delete', table: 'credentials', column: 'identity_id', values: newCredentials.map((i) => i.id) },
    { kind: 'delete', table: 'permissions', column: 'identity_id', values: newPermissions.map((i) => i.id) },
    // Unchanged since the last write: only seen again (no row rewritten, credentials and permissions left alone).
    {
      kind: 'update',
      table: 'identities',
      set: { last_seen: now, sync_run_id: runId },
      column: 'id',
      values: [...same],
    },
    {
      kind: 'upsert',
      spec: IDENTITIES,
      rows: unique.map((i) => ({ ...identityRow(i, runId, now, scope), content_hash: hashes.get(i.id) ?? null })),
    },
    {
      kind: 'upsert',
      spec: CREDENTIALS,
      rows: keepNewerLastUse(
        newCredentials.flatMap((i) => i.credentials.map((c) => credentialRow(i, c, runId, scope))),
        await storedCredentialLastUse(store, newCredentials),
      ),
    },
    {
      kind: 'upsert',
      spec: PERMISSIONS,
      rows: newPermissions.flatMap((i) => i.permissions.map((p, n) => permissionRow(i, p, n, runId, scope))),
    },
  ];
  await bulkWrite(store, ops);
}

export async function writePeople(
  store: Store,
  people: Person[],
  runId: string,
  now: string,
  scope = '',
): Promise<void> {
  if (people.length === 0) return;
  await bulkWrite(store, [
    { kind: 'upsert', spec: PEOPLE, rows: lastById(people, (p) => p.id).map((p) => personRow(p, runId, now, scope)) },
  ]);
}

export async function writeEdges(
  store: Store,
  edges: Edge[],
  platform: string,
  tenant: string,
  runId: string,
  scope = '',
): Promise<void> {
  if (edges.length === 0) return;
  const unique = lastById(edges, (e) => `${e.from}\u0000${e.to}\u0000${e.kind}`);
  await bulkWrite(store, [
    { kind: 'upsert', spec: EDGES, rows: unique.map((e) => edgeRow(e, platform, tenant, runId, scope)) },
  ]);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Explicit removals reported by an incremental (delta) run: the identities are kept as gone (last-known attributes
 * and credentials stay); their edges go. Returns how many were current before.
 */
export async function removeIdentities(store: Store, ids: string[], runId: string, now: string): Promise<number> {
  if (ids.length === 0) return 0;
  let removed = 0;
  await store.db.transaction().execute(async (trx) => {
    for (const idChunk of chunks(ids, 1000)) {
      await trx.deleteFrom('edges').where('from_id', 'in', idChunk).execute();
      const r = await trx
        .updateTable('identities')
        .set({ gone_at: now, gone_run_id: runId })
        .where('id', 'in', idChunk)
        .where('gone_at', 'is', null)
        .executeTakeFirst();
      removed += Number(r.numUpdatedRows);
    }
  });
  return removed;
}

/** What one complete-enough run may sweep in its platform+tenant (and sub-scope). */
export interface SweepPlan {
  platform: string;
  tenant: string;
  runId: string;
  now: string;
  /** null: an unsplit run (the whole tenant, every scope); else only rows of this sub-scope. */
  scope: string | null;
  /** nativeTypes whose every listing source completed: their unseen identities go gone, their stale edges go. */
  nativeTypes: readonly string[];
  /** Every people source completed: people this run did not list are removed. */
  people: boolean;
}

/**
 * After a run: marks gone (never deletes) the identities of fully listed nativeTypes that this run did not see, and
 * removes their edges it did not see; removes unseen people only when every people source completed. Credentials
 * and permissions are never swept: they are replaced with their identity, and stay as last known with a gone one.
 * Other tenants, and (for a scoped run) other scopes, are never touched. Returns how many identities went gone.
 */
export async function sweepUnseen(store: Store, plan: SweepPlan): Promise<number> {
  const { platform, tenant, runId, scope } = plan;
  return store.db.transaction().execute(async (trx) => {
    let gone = 0;
    if (plan.nativeTypes.length) {
      let edges = trx
        .deleteFrom('edges')
        .where('platform', '=', platform)
        .where('tenant', '=', tenant)
        .where('sync_run_id', '!=', runId)
        .where('from_id', 'in', (eb) =>
          eb
            .selectFrom('identities')
            .select('id')
            .where('platform', '=', platform)
            .where('tenant', '=', tenant)
            .where('native_type', 'in', [...plan.nativeTypes]),
        );
      if (scope !== null) edges = edges.where('scope', '=', scope);
      await edges.execute();
      let identities = trx
        .updateTable('identities')
        .set({ gone_at: plan.now, gone_run_id: runId })
        .where('platform', '=', platform)
        .where('tenant', '=', tenant)
        .where('sync_run_id', '!=', runId)
        .where('gone_at', 'is', null)
        .where('native_type', 'in', [...plan.nativeTypes]);
      if (scope !== null) identities = identities.where('scope', '=', scope);
      gone = Number((await identities.executeTakeFirst()).numUpdatedRows);
    }
    if (plan.people) {
      let people = trx
        .deleteFrom('people')
        .where('source', '=', platform)
        .where('tenant', '=', tenant)
        .where('sync_run_id', '!=', runId);
      if (scope !== null) people = people.where('scope', '=', scope);
      await people.execute();
    }
    return gone;
  });
}

/** Rows of a retired scope that go (identities are marked gone instead; credentials stay with them). */
const RETIRED_DELETED = [
  { table: 'edges', owner: 'platform' },
  { table: 'people', owner: 'source' },
] as const;

/**
 * Sweeps the rows of a split tenant left in a scope that is not one of its current scopes: rows an unsplit run wrote
 * (scope '') before the tenant was split, or rows of an earlier partition count (`repos:1/3` after a change to 4).
 * Every record still at the vendor is rewritten — and so moved to its current scope — by the complete run of the
 * scope it belongs to; what is left behind is gone from the vendor. But only once **every** current scope has
 * completed since: a row is removed only if the run that wrote it started before the oldest of the latest
 * successful full runs of all current scopes (`run` — the caller, complete but not yet recorded as succeeded —
 * counts as its scope's latest). Until then nothing is removed, so a failed or slower scope never loses records
 * that were only stored under the old scope.
 */
export async function sweepRetiredScopes(
  store: Store,
  platform: string,
  tenant: string,
  current: readonly string[],
  run: { id: string; scope: string; startedAt: string },
): Promise<number> {
  const others = current.filter((s) => s !== run.scope);
  const latest = others.length
    ? await store.db
        .selectFrom('sync_runs')
        .select(['scope', (eb) => eb.fn.max('started_at').as('started')])
        .where('platform', '=', platform)
        .where('tenant', '=', tenant)
        .where('status', '=', 'succeeded')
        .where('mode', '=', 'full')
        .where('scope', 'in', others)
        .groupBy('scope')
        .execute()
    : [];
  if (latest.length < others.length) return 0;
  const since = [run.startedAt, ...latest.map((r) => String(r.started))].sort()[0];
  return store.db.transaction().execute(async (trx) => {
    const recent = trx
      .selectFrom('sync_runs')
      .select('id')
      .where('platform', '=', platform)
      .where('tenant', '=', tenant)
      .where('started_at', '>=', since);
    for (const { table, owner } of RETIRED_DELETED) {
      await trx
        .deleteFrom(table)
        .where(owner, '=', platform)
        .where('tenant', '=', tenant)
        .where('scope', 'not in', [...current])
        .where('sync_run_id', 'not in', recent)
        .execute();
    }
    const r = await trx
      .updateTable('identities')
      .set({ gone_at: run.startedAt, gone_run_id: run.id })
      .where('platform', '=', platform)
      .where('tenant', '=', tenant)
      .where('gone_at', 'is', null)
      .where('scope', 'not in', [...current])
      .where('sync_run_id', 'not in', recent)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}
