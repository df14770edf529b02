import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: StoreEngine;
  /**
   * The driver handles under Kysely, for the bulk write path (src/store/bulk.ts): prepared single-row statements on
   * SQLite, array-parameter (unnest) statements on PostgreSQL. Absent on stores built by hand; bulk.ts falls back.
   */
  native?: { sqlite?: BetterSqlite3.Database; pg?: pg.Pool };
  /** Where it lives, with any password removed (safe to print). */
  location: string;
  close(): Promise<void>;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export function redactUrl(location: string): string {
  return location.replace(/(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, '$1:****@');
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Opens (creating and migrating if needed) a SQLite file or a PostgreSQL database. */
export async function openStore(location: string, options: { migrate?: boolean } = {}): Promise<Store> {
  let db: Kysely<Database>;
  let engine: StoreEngine;
  let native: Store['native'];
  if (isPostgresUrl(location)) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: location, max: 8 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    native = { pg: pool };
  } else {
    engine = 'sqlite';
    const file = location === ':memory:' ? location : resolve(location);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 10000');
    // 128 MB page cache, larger WAL checkpoints. No mmap: mapped file pages count in the process's RSS.
    sqlite.pragma('cache_size = -131072');
    sqlite.pragma('wal_autocheckpoint = 10000');
    sqlite.pragma('temp_store = MEMORY');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    native = { sqlite };
  }
  const store: Store = { db, engine, native, location: redactUrl(location), close: () => db.destroy() };
  if (options.migrate !== false) {
    try {
      await migrate(store);
    } catch (error) {
      await db.destroy();
      throw new Error(`Could not open the store at ${store.location}: ${(error as Error).message}`);
    }
  }
  return store;
}

export async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'steward_migrations',
    migrationLockTableName: 'steward_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`);
  }
}
