import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { plainIdentity } from '../testing/identities.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import {
  buildDeferredIndexes,
  buildDeferredIndexesBeside,
  deferIndexesOfEmptyTables,
  type Store,
  SYNC_LOAD_INDEXES,
  writeIdentities,
} from './index.js';

const now = new Date('2026-12-07T00:00:00.000Z');
const identity = plainIdentity;

/** Every index of the store with the engine's own definition: what a freshly migrated store has is the oracle. */
async function catalogue(store: Store): Promise<Record<string, string>> {
  const rows =
    store.engine === 'postgres'
      ? await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
          from pg_indexes where schemaname = current_schema()`.execute(store.db)
      : await sql<{ name: string; definition: string }>`select name, coalesce(sql, '') as definition
          from sqlite_master where type = 'index'`.execute(store.db);
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.definition]));
}

describe.each(ENGINES)('indexes deferred while a scan loads empty tables, on %s', (engine) => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('drops the listed indexes of empty tables, records them, and builds exactly what the migrations made', async () => {
    store = await openTestStore(engine);
    const migrated = await catalogue(store);
    const dropped = await deferIndexesOfEmptyTables(store, SYNC_LOAD_INDEXES);
    // Written from the lists' documentation: the trigram search index exists on PostgreSQL only (migration 010).
    const expected = [
      'identities_name',
      'identities_last_used',
      'identities_created',
      'identities_platform_name',
      ...(engine === 'postgres' ? ['identities_search'] : []),
      'credentials_fingerprint',
    ];
    expect(dropped).toEqual(expected);
    const during = await catalogue(store);
    for (const name of expected) expect(during[name]).toBeUndefined();
    expect(during.identities_sweep).toBe(migrated.identities_sweep);
    expect(during.credentials_identity).toBe(migrated.credentials_identity);
    const recorded = await store.db.selectFrom('deferred_indexes').selectAll().orderBy('name').execute();
    expect(recorded.map((r) => [r.name, r.definition])).toEqual(
      [...expected].sort().map((name) => [name, migrated[name]]),
    );

    await writeIdentities(store, [identity('a', 'Deploy bot')], 'run-1', now.toISOString());
    expect((await buildDeferredIndexes(store)).sort()).toEqual([...expected].sort());
    expect(await catalogue(store)).toEqual(migrated);
    expect(await store.db.selectFrom('deferred_indexes').selectAll().execute()).toEqual([]);
    expect(await buildDeferredIndexes(store)).toEqual([]);
  });

  it('keeps every index of a table that holds rows', async () => {
    store = await openTestStore(engine);
    await writeIdentities(store, [identity('a', 'Deploy bot')], 'run-1', now.toISOString());
    const dropped = await deferIndexesOfEmptyTables(store, SYNC_LOAD_INDEXES);
    expect(dropped).toEqual(['credentials_fingerprint']);
    expect(await buildDeferredIndexes(store)).toEqual(['credentials_fingerprint']);
  });

  it('builds them beside the caller (on a thread of its own for a SQLite file) while the caller writes', async () => {
    store = await openTestStore(engine);
    const migrated = await catalogue(store);
    await deferIndexesOfEmptyTables(store, SYNC_LOAD_INDEXES);
    await writeIdentities(store, [identity('a', 'Deploy bot')], 'run-1', now.toISOString());
    const building = buildDeferredIndexesBeside(store);
    await writeIdentities(store, [identity('b', 'Backup')], 'run-2', now.toISOString());
    expect((await building).length).toBe(engine === 'postgres' ? 6 : 5);
    expect(await catalogue(store)).toEqual(migrated);
    const named = await sql<{ name: string }>`select name from identities order by name`.execute(store.db);
    expect(named.rows.map((r) => r.name)).toEqual(['Backup', 'Deploy bot']);
  });

  it('an index built meanwhile by someone else is only forgotten', async () => {
    store = await openTestStore(engine);
    const migrated = await catalogue(store);
    await deferIndexesOfEmptyTables(store, { credentials: ['credentials_fingerprint'] });
    await sql.raw(migrated.credentials_fingerprint as string).execute(store.db);
    expect(await buildDeferredIndexes(store)).toEqual([]);
    expect(await catalogue(store)).toEqual(migrated);
    expect(await store.db.selectFrom('deferred_indexes').selectAll().execute()).toEqual([]);
  });

  it('never runs a stored definition of an index no scan defers', async () => {
    store = await openTestStore(engine);
    await store.db
      .insertInto('deferred_indexes')
      .values({ name: 'planted', definition: 'drop table identities' })
      .execute();
    expect(await buildDeferredIndexes(store)).toEqual([]);
    expect(await store.db.selectFrom('identities').select('id').execute()).toEqual([]);
  });
});
