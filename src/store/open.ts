import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';
import { StoreOpenError } from './errors.js';
import { parseStoreLocation, redactStoreUrl } from './location.js';

/** How long a statement waits for another connection's write lock (blocking its thread meanwhile). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export { StoreOpenError, type StoreOpenCause } from './errors.js';
export {
  ACCEPTED_STORE_FORMS,
  isPostgresUrl,
  parseStoreLocation,
  redactStoreUrl,
  redactUrl,
  urlHasPassword,
  type StoreLocation,
} from './location.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: StoreEngine;
  /**
   * The driver handles under Kysely, for the bulk write path (src/store/bulk.ts): prepared single-row statements on
   * SQLite, column-array (JSON) statements on PostgreSQL. Absent on stores built by hand; bulk.ts falls back.
   */
  native?: {
    sqlite?: BetterSqlite3.Database;
    pg?: pg.Pool;
    /**
     * PostgreSQL connections that always plan a named statement generically (`plan_cache_mode=force_generic_plan`),
     * for the hot reads whose best plan does not depend on their values (src/surfaces/api/prepared.ts). Left to
     * choose, PostgreSQL keeps re-planning a statement whose custom plans look a little cheaper, e.g. a list page
     * after a cursor: 0.7 ms of planning per request. Its own pool, so every other statement keeps custom plans.
     */
    pgGeneric?: pg.Pool;
  };
  /** Where it lives, with any password removed (safe to print). */
  location: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Create missing tables and apply pending migrations (default true; ignored when readOnly). */
  migrate?: boolean;
  /**
   * Open for reading only: SQLite with `readonly: true` (no WAL switch, nothing created, a chmod 444 copy can be
   * read), PostgreSQL sessions with `default_transaction_read_only`; no migration. A missing store, or one whose
   * schema is older than this Steward, is a {@link StoreOpenError}.
   */
  readOnly?: boolean;
}

const MIGRATION_TABLE = 'steward_migrations';
const provider: MigrationProvider = { getMigrations: async () => migrations };
const NEEDS_MIGRATING = 'this store needs migrating: run `steward scan` or `steward migrate`';

/**
 * Opens a SQLite file or a PostgreSQL database (see parseStoreLocation for the accepted forms). Read-write opens
 * create the store (file 0600, folder 0700) and migrate it. Every failure a user can fix is a StoreOpenError with a
 * one-line message naming the cause; no message ever carries a password.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const parsed = parseStoreLocation(location);
  const readOnly = options.readOnly === true;
  if (parsed.engine === 'postgres') return openPostgres(parsed.url, readOnly, options.migrate !== false);
  return openSqlite(parsed.file, readOnly, options.migrate !== false);
}

// ---------------------------------------------------------------------------------------------------------- SQLite

const readOnlyHint = 'read-only commands (inventory, findings, runs, report, owners list) can still read it';

function sqliteError(file: string, error: unknown): Error {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StoreOpenError('not-a-store', `${file} is not a Steward store (not a SQLite database: ${message})`);
  if (code.startsWith('SQLITE_READONLY_DIRECTORY'))
    return new StoreOpenError(
      'read-only',
      `cannot open the store at ${file}: its folder is read-only and SQLite needs to create ${file}-shm beside it; copy the store to a writable folder`,
    );
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new StoreOpenError('read-only', `the store at ${file} is read-only (${code}); ${readOnlyHint}`);
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new StoreOpenError('read-only', `cannot open the store at ${file} (${message})`);
  return new Error(`could not open the store at ${file}: ${message}`);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Creates the folder (0700) and an empty store file (0600) unless they exist; SQLite's -wal/-shm take the file's mode. */
function prepareSqliteFile(file: string): void {
  const dir = dirname(file);
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'ENOTDIR')
      throw new StoreOpenError('usage', `cannot create the store at ${file}: a part of its folder path is a file`);
    throw sqliteError(file, error);
  }
  if (statSync(file).isDirectory()) throw new StoreOpenError('usage', `${file} is a folder, not a store file`);
  if (!writable(file))
    throw new StoreOpenError('read-only', `the store at ${file} is read-only (cannot write the file); ${readOnlyHint}`);
  if (!writable(dir))
    throw new StoreOpenError(
      'read-only',
      `the store at ${file} cannot be written: its folder ${dir} is read-only (SQLite writes ${file}-wal beside it)`,
    );
}

async function openSqlite(file: string, readOnly: boolean, runMigrations: boolean): Promise<Store> {
  const memory = file === ':memory:';
  if (readOnly && !memory) {
    if (!existsSync(file))
      throw new StoreOpenError(
        'missing',
        `no Steward store at ${file} yet: run \`steward scan\` first (or pass --store)`,
      );
    if (statSync(file).isDirectory()) throw new StoreOpenError('usage', `${file} is a folder, not a store file`);
  } else if (!memory) {
    prepareSqliteFile(file);
  }
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file, readOnly && !memory ? { readonly: true, fileMustExist: true } : {});
  } catch (error) {
    throw sqliteError(file, error);
  }
  try {
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // 128 MB page cache. No mmap: mapped file pages count in the process's RSS.
    sqlite.pragma('cache_size = -131072');
    sqlite.pragma('temp_store = MEMORY');
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string }>;
    const names = new Set(tables.map((t) => t.name));
    if (names.size > 0 && !names.has(MIGRATION_TABLE))
      throw new StoreOpenError(
        'not-a-store',
        `${file} is not a Steward store (a SQLite database with other tables: ${[...names].slice(0, 3).join(', ')})`,
      );
    // Only a Steward store (or a new, empty file) is switched to WAL and migrated.
    if (!readOnly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // Larger WAL checkpoints.
      sqlite.pragma('wal_autocheckpoint = 10000');
    }
    if (readOnly) {
      const applied = names.has(MIGRATION_TABLE)
        ? (sqlite.prepare(`SELECT name FROM ${MIGRATION_TABLE}`).all() as Array<{ name: string }>).map((r) => r.name)
        : [];
      checkSchema(file, applied);
    }
  } catch (error) {
    sqlite.close();
    throw error instanceof StoreOpenError ? error : sqliteError(file, error);
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusingStatements(sqlite, readOnly && !memory) }),
  });
  const store: Store = { db, engine: 'sqlite', native: { sqlite }, location: file, close: () => db.destroy() };
  if (!readOnly && runMigrations) await migrateOnOpen(store, (error) => sqliteError(file, error));
  return store;
}

const STATEMENT_CACHE_SIZE = 256;
const CACHED_SQL_MAX_LENGTH = 4_000;

/**
 * better-sqlite3 for Kysely with prepared statements kept by SQL text: Kysely prepares every query it runs, which
 * costs as much as running a small indexed read (the API's pages, the readers' keyset pages). Long statements
 * (multi-row inserts, whose text changes with the row count) are not kept; a statement still being iterated by a
 * stream is never handed out twice.
 */
function reusingStatements(sqlite: BetterSqlite3.Database, readOnly: boolean) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): BetterSqlite3.Statement {
      // A deferred transaction that reads, then writes while another connection (a sync thread, another scan) holds
      // the write lock fails at once with SQLITE_BUSY, without waiting: writers take the lock when they begin.
      const text = sql === 'begin' && !readOnly ? 'begin immediate' : sql;
      const kept = statements.get(text);
      if (kept && !kept.busy) return kept;
      const statement = sqlite.prepare(text);
      if (kept || text.length > CACHED_SQL_MAX_LENGTH) return statement;
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      statements.set(text, statement);
      return statement;
    },
  };
}

// ------------------------------------------------------------------------------------------------------ PostgreSQL

const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  '57P03': 'the server is not accepting connections yet',
};

function pgError(where: string, error: unknown): Error {
  const e = error as { code?: string; message?: string; errors?: unknown[] };
  // A host name resolving to several addresses fails with an AggregateError; its parts carry the code.
  const code = e.code ?? (e.errors?.[0] as { code?: string } | undefined)?.code ?? '';
  const message = redactStoreUrl(e.message || code || String(error));
  if (CONNECT_CODES[code])
    return new StoreOpenError('connect', `cannot connect to the store at ${where} (${CONNECT_CODES[code]}, ${code})`);
  if (code === '28P01' || code === '28000' || /^SASL:|password/i.test(e.message ?? ''))
    return new StoreOpenError('auth', `authentication failed for the store at ${where} (${message})`);
  if (code === '3D000') return new StoreOpenError('connect', `cannot open the store at ${where} (${message})`);
  if (code === '25006') return new StoreOpenError('read-only', `the store at ${where} is read-only (${message})`);
  return new Error(`could not open the store at ${where} (${message})`);
}

async function openPostgres(url: string, readOnly: boolean, runMigrations: boolean): Promise<Store> {
  const where = redactStoreUrl(url);
  const settings = readOnly ? ['-c default_transaction_read_only=on'] : [];
  const pool = new pg.Pool({ connectionString: url, max: 8, options: settings.join(' ') || undefined });
  // Connects only when first used (the API's hot reads).
  const generic = new pg.Pool({
    connectionString: url,
    max: 8,
    options: [...settings, '-c plan_cache_mode=force_generic_plan'].join(' '),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const close = async () => {
    await db.destroy();
    await generic.end();
  };
  const store: Store = { db, engine: 'postgres', native: { pg: pool, pgGeneric: generic }, location: where, close };
  try {
    const { rows } = await pool.query<{ t: string | null }>(`SELECT to_regclass('${MIGRATION_TABLE}')::text AS t`);
    if (readOnly) {
      const applied = rows[0]?.t
        ? (await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATION_TABLE}`)).rows.map((r) => r.name)
        : [];
      checkSchema(where, applied);
    }
  } catch (error) {
    await close().catch(() => {});
    throw error instanceof StoreOpenError ? error : pgError(where, error);
  }
  if (!readOnly && runMigrations) await migrateOnOpen(store, (error) => pgError(where, error));
  return store;
}

// ------------------------------------------------------------------------------------------------------ migrations

/** A read-only open needs every migration this Steward knows applied, and none it does not know. */
function checkSchema(where: string, applied: string[]): void {
  const known = Object.keys(migrations);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length)
    throw new StoreOpenError(
      'too-new',
      `the store at ${where} was written by a newer Steward (unknown migration ${unknown[0]}); upgrade Steward`,
    );
  if (applied.length === 0)
    throw new StoreOpenError('needs-migration', `the store at ${where} is empty: ${NEEDS_MIGRATING}`);
  if (known.some((name) => !applied.includes(name)))
    throw new StoreOpenError('needs-migration', `the store at ${where} is older than this Steward: ${NEEDS_MIGRATING}`);
}

async function migrateOnOpen(store: Store, classify: (error: unknown) => Error): Promise<void> {
  try {
    await migrate(store);
  } catch (error) {
    await store.db.destroy().catch(() => {});
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (/corrupted migrations/i.test((cause as Error).message ?? ''))
      throw new StoreOpenError(
        'too-new',
        `the store at ${store.location} was written by a newer Steward (${redactStoreUrl((cause as Error).message)}); upgrade Steward`,
      );
    const mapped = classify(cause);
    if (mapped instanceof StoreOpenError) throw mapped;
    throw new Error(`could not open the store at ${store.location} (${redactStoreUrl((error as Error).message)})`);
  }
}

export async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: 'steward_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
}
