import { type Kysely, sql } from 'kysely';
import { siblingModule, TaskThread } from '../lib/worker-thread.js';
import type { Database } from './schema.js';
import type { Store, StoreEngine } from './open.js';

/**
 * Secondary indexes, per table, that a scan step neither reads nor needs for its own writes. Loading an empty table
 * with them in place costs every commit one leaf page per row and index (their keys are not in insertion order), and
 * each such page is written whole to the log and again to the file. Built once after the load, each is one sort
 * (docs/scale.md, session 14). Indexes an engine does not have (the trigram search index outside PostgreSQL) are
 * skipped. Never list an index a step looks rows up by: the sweep, the primary keys, identity lookups.
 */
export type LoadIndexes = Readonly<Partial<Record<keyof Database, readonly string[]>>>;

/** What the sync reads and deletes by stays: ids, the sweep's keys, credentials by identity. */
export const SYNC_LOAD_INDEXES: LoadIndexes = {
  identities: [
    'identities_name',
    'identities_last_used',
    'identities_created',
    'identities_platform_name',
    'identities_search',
  ],
  credentials: ['credentials_fingerprint'],
};

/** Only these are ever built from a stored definition: a row naming anything else was not written by a scan. */
const DEFERRABLE = Object.values(SYNC_LOAD_INDEXES).flat();

interface IndexDefinition {
  name: string;
  definition: string;
}

/**
 * Drops the listed indexes of every listed table that holds no row, and records how to build each again, in one
 * transaction. Returns the names dropped. A table with rows keeps its indexes: a re-scan changes few rows.
 */
export async function deferIndexesOfEmptyTables(store: Store, indexes: LoadIndexes): Promise<string[]> {
  return store.db.transaction().execute(async (trx) => {
    const dropped: string[] = [];
    for (const [table, names] of Object.entries(indexes)) {
      const rows = await sql`select 1 from ${sql.table(table)} limit 1`.execute(trx);
      if (rows.rows.length > 0 || !names?.length) continue;
      for (const index of await indexDefinitions(trx, store.engine, table, names)) {
        await trx.insertInto('deferred_indexes').values(index).execute();
        await sql`drop index ${sql.id(index.name)}`.execute(trx);
        dropped.push(index.name);
      }
    }
    return dropped;
  });
}

/**
 * Builds every index a load deferred — this scan's, or one that stopped before it could — each in its own
 * transaction, and forgets it. Returns the names built. Safe beside another process doing the same: the row is
 * taken under the write lock (SQLite) or a row lock (PostgreSQL), and an index that exists already is not built.
 */
export async function buildDeferredIndexes(store: Store): Promise<string[]> {
  const pending = await store.db
    .selectFrom('deferred_indexes')
    .select('name')
    .where('name', 'in', DEFERRABLE)
    .orderBy('name')
    .execute();
  const built: string[] = [];
  // CREATE INDEX sorts every key: in temporary files, not in memory (a million keys would add ~200 MB resident).
  const sqlite = store.native?.sqlite;
  const tempStore = sqlite?.pragma('temp_store', { simple: true });
  sqlite?.pragma('temp_store = FILE');
  try {
    for (const { name } of pending) if (await buildOne(store, name)) built.push(name);
  } finally {
    sqlite?.pragma(`temp_store = ${Number(tempStore)}`);
  }
  return built;
}

/**
 * Starts `buildDeferredIndexes` beside whatever the caller does next: for a SQLite file on a thread with its own
 * connection (each CREATE INDEX blocks its thread), on PostgreSQL on the store's pool (the server builds).
 */
export function buildDeferredIndexesBeside(store: Store): Promise<string[]> {
  const sqlite = store.native?.sqlite;
  if (!sqlite || sqlite.memory) return buildDeferredIndexes(store);
  const thread = new TaskThread(siblingModule(import.meta.url, './deferred-index-thread'), { file: sqlite.name });
  return thread.call<string[]>('build').finally(() => thread.close());
}

/** Builds one deferred index unless it exists already, and forgets it; false when there was nothing to build. */
async function buildOne(store: Store, name: string): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    let row = trx.selectFrom('deferred_indexes').select('definition').where('name', '=', name);
    if (store.engine === 'postgres') row = row.forUpdate();
    const found = await row.executeTakeFirst();
    if (!found) return false;
    const exists = (await indexDefinitions(trx, store.engine, null, [name])).length > 0;
    if (!exists) await sql.raw(found.definition).execute(trx);
    await trx.deleteFrom('deferred_indexes').where('name', '=', name).execute();
    return !exists;
  });
}

/** The engine's own CREATE INDEX statements of the named indexes (of one table, or of any when table is null), in order. */
async function indexDefinitions(
  db: Kysely<Database>,
  engine: StoreEngine,
  table: string | null,
  names: readonly string[],
): Promise<IndexDefinition[]> {
  const wanted = sql.join(names);
  const rows =
    engine === 'postgres'
      ? await sql<IndexDefinition>`select indexname as name, indexdef as definition from pg_indexes
          where schemaname = current_schema() and indexname in (${wanted})
          ${table === null ? sql`` : sql`and tablename = ${table}`}`.execute(db)
      : await sql<IndexDefinition>`select name, sql as definition from sqlite_master
          where type = 'index' and sql is not null and name in (${wanted})
          ${table === null ? sql`` : sql`and tbl_name = ${table}`}`.execute(db);
  return rows.rows.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
}
