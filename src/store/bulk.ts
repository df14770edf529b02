import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { SQLITE_BUSY_TIMEOUT_MS, type Store } from './open.js';

/**
 * The bulk write path of the sync engine (measured in bench/sync-engine.ts; see docs/scale.md).
 * Building a Kysely AST for 400-row multi-VALUES statements and re-preparing them cost more than the database work
 * itself, so batches go to the drivers directly, one transaction per batch:
 * - SQLite: cached prepared single-row statements executed in a synchronous better-sqlite3 transaction, run while
 *   holding Kysely's connection (so it never interleaves with a Kysely transaction on the same connection);
 * - PostgreSQL: one statement per table per batch (split when its text is large) with one JSON array parameter per
 *   column (`INSERT ... SELECT ... FROM ROWS FROM (json_array_elements_text($1::json), ...)`), as named prepared
 *   statements.
 * Column lists come from the row builders in rows.ts; this file only knows tables, keys and integer columns.
 */
export interface TableSpec {
  table: string;
  columns: readonly string[];
  /** Integer columns (PostgreSQL array casts); every other column is text unless listed in `floats`. */
  ints?: readonly string[];
  /** Floating-point columns (PostgreSQL `double precision` array casts). */
  floats?: readonly string[];
  conflict?: {
    target: readonly string[];
    update: readonly string[] | 'nothing';
    /**
     * A timestamp column that only moves forward: the stored value stays when it is newer than the incoming one (or
     * the incoming one is null), and so do the `follow` columns that describe it (e.g. where the value came from).
     */
    keepNewer?: { column: string; follow: readonly string[] };
  };
}

/** The columns an upsert refreshes on conflict: all of them but those that must keep their first value. */
export const columnsExcept = (columns: readonly string[], keep: readonly string[]): string[] =>
  columns.filter((c) => !keep.includes(c));

export type BulkOp =
  | { kind: 'delete'; table: string; column: string; values: readonly string[] }
  | { kind: 'upsert'; spec: TableSpec; rows: ReadonlyArray<object> }
  /** Sets the same (text) values on every row whose `column` is one of `values`, e.g. findings' last_seen. */
  | { kind: 'update'; table: string; set: Readonly<Record<string, string>>; column: string; values: readonly string[] };

export interface BulkOptions {
  /**
   * Wait for the WAL flush on commit (PostgreSQL). Default false: inventory batches are re-derivable from the vendor.
   * Analysis writes (findings lifecycle, ownership decisions) pass true.
   */
  durable?: boolean;
}

function conflictSql(spec: TableSpec, excluded: string): string {
  if (!spec.conflict) return '';
  const target = `(${spec.conflict.target.join(', ')})`;
  if (spec.conflict.update === 'nothing') return ` ON CONFLICT ${target} DO NOTHING`;
  const newer = spec.conflict.keepNewer;
  const keepStored = newer
    ? `(${excluded}.${newer.column} IS NULL OR ${spec.table}.${newer.column} > ${excluded}.${newer.column})`
    : '';
  const kept = newer ? [newer.column, ...newer.follow] : [];
  const set = (c: string) =>
    kept.includes(c)
      ? `${c} = CASE WHEN ${keepStored} THEN ${spec.table}.${c} ELSE ${excluded}.${c} END`
      : `${c} = ${excluded}.${c}`;
  return ` ON CONFLICT ${target} DO UPDATE SET ${spec.conflict.update.map(set).join(', ')}`;
}

const sqliteStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function sqliteStatement(db: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = sqliteStatements.get(db);
  if (!cache) {
    cache = new Map();
    sqliteStatements.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    cache.set(text, stmt);
  }
  return stmt;
}

function runSqlite(db: BetterSqlite3.Database, ops: readonly BulkOp[]): number[] {
  const changes: number[] = [];
  for (const op of ops) {
    if (op.kind === 'delete') {
      const stmt = sqliteStatement(db, `DELETE FROM ${op.table} WHERE ${op.column} = ?`);
      let n = 0;
      for (const v of op.values) n += stmt.run(v).changes;
      changes.push(n);
      continue;
    }
    if (op.kind === 'update') {
      const cols = Object.keys(op.set);
      const stmt = sqliteStatement(
        db,
        `UPDATE ${op.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${op.column} = ?`,
      );
      const values: unknown[] = cols.map((c) => op.set[c]);
      const k = values.length;
      values.push(null);
      let n = 0;
      for (const v of op.values) {
        values[k] = v;
        n += stmt.run(values).changes;
      }
      changes.push(n);
      continue;
    }
    const { spec } = op;
    const stmt = sqliteStatement(
      db,
      `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES (${spec.columns.map(() => '?').join(', ')})${conflictSql(spec, 'excluded')}`,
    );
    const cols = spec.columns;
    const values: unknown[] = new Array(cols.length);
    let n = 0;
    for (const row of op.rows) {
      const r = row as Record<string, unknown>;
      for (let c = 0; c < cols.length; c++) values[c] = r[cols[c]] ?? null;
      n += stmt.run(values).changes;
    }
    changes.push(n);
  }
  return changes;
}

function pgStatement(text: string): { name: string; text: string } {
  return { name: `steward_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
}

function pgType(spec: TableSpec, column: string): string {
  if (spec.ints?.includes(column)) return 'integer';
  if (spec.floats?.includes(column)) return 'double precision';
  return 'text';
}

/**
 * Text (in UTF-16 code units) one insert statement carries at most. A statement's parameters are copied several times
 * before they reach the socket (the JSON text, the protocol buffer, which grows by doubling), all at once: 500 cached
 * GitHub pages in one statement (a page of 100 repositories is ~580 KB) made each sync thread's heap jump by ~150 MB,
 * and the process's resident set reach 1.8 GB at 1M (docs/scale.md, session 17).
 */
export const PG_STATEMENT_TEXT = 4_000_000;

/** The rows as one array per column, in chunks that end once they hold {@link PG_STATEMENT_TEXT} of text. */
export function* columnChunks(columns: readonly string[], rows: ReadonlyArray<object>): Generator<unknown[][]> {
  let at = 0;
  while (at < rows.length) {
    const arrays: unknown[][] = columns.map(() => []);
    let text = 0;
    for (; at < rows.length && (text < PG_STATEMENT_TEXT || arrays[0].length === 0); at++) {
      const r = rows[at] as Record<string, unknown>;
      for (let c = 0; c < columns.length; c++) {
        const value = r[columns[c]] ?? null;
        if (typeof value === 'string') text += value.length;
        arrays[c].push(value);
      }
    }
    yield arrays;
  }
}

/**
 * The upsert of a table: one JSON array parameter per column, expanded side by side by ROWS FROM. Each column goes
 * as JSON text (JSON.stringify escapes in one native pass; the driver's own array literals escape every element with
 * two regular-expression replaces, 7 % of the client's CPU in a PostgreSQL analysis profile).
 */
function pgUpsert(spec: TableSpec): { name: string; text: string } {
  const cols = spec.columns;
  const cast = (c: string) => (pgType(spec, c) === 'text' ? `r.${c}` : `r.${c}::${pgType(spec, c)}`);
  return pgStatement(
    `INSERT INTO ${spec.table} (${cols.join(', ')}) SELECT ${cols.map(cast).join(', ')} FROM ROWS FROM (` +
      cols.map((_, i) => `json_array_elements_text($${i + 1}::json)`).join(', ') +
      `) AS r(${cols.join(', ')})${conflictSql(spec, 'EXCLUDED')}`,
  );
}

/**
 * `ANY` of a list of text values sent as one JSON array parameter (see {@link pgUpsert}); the array is built once
 * (an InitPlan), so the match still goes through the column's index.
 */
const pgTextList = (n: number) => `ANY(ARRAY(SELECT json_array_elements_text($${n}::json)))`;

/** The same upsert with the driver's array parameters, for values JSON does not carry as they are. */
function pgArrayUpsert(spec: TableSpec): { name: string; text: string } {
  return pgStatement(
    `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) SELECT * FROM unnest(` +
      spec.columns.map((c, i) => `$${i + 1}::${pgType(spec, c)}[]`).join(', ') +
      `)${conflictSql(spec, 'EXCLUDED')}`,
  );
}

/** Values JSON carries as the driver would send them: text, numbers and nulls (a Buffer or a Date would not). */
const jsonSafe = (arrays: unknown[][]) =>
  arrays.every((a) => a.every((v) => v === null || typeof v === 'string' || Number.isFinite(v)));

async function runPostgres(store: Store, ops: readonly BulkOp[], options: BulkOptions): Promise<number[]> {
  const client = await store.native!.pg!.connect();
  const changes: number[] = [];
  try {
    await client.query('BEGIN');
    // Inventory batches are re-derivable from the vendor (a run that dies is redone in full and never sweeps), so
    // they need not wait for the WAL flush: a server crash can lose the last few batches, never corrupt anything.
    if (!options.durable) await client.query('SET LOCAL synchronous_commit = off');
    for (const op of ops) {
      if (op.kind === 'delete') {
        if (op.values.length === 0) {
          changes.push(0);
          continue;
        }
        const r = await client.query({
          ...pgStatement(`DELETE FROM ${op.table} WHERE ${op.column} = ${pgTextList(1)}`),
          values: [JSON.stringify(op.values)],
        });
        changes.push(r.rowCount ?? 0);
        continue;
      }
      if (op.kind === 'update') {
        if (op.values.length === 0) {
          changes.push(0);
          continue;
        }
        const cols = Object.keys(op.set);
        const text = `UPDATE ${op.table} SET ${cols.map((c, i) => `${c} = $${i + 1}`).join(', ')} WHERE ${op.column} = ${pgTextList(cols.length + 1)}`;
        const values = [...cols.map((c) => op.set[c]), JSON.stringify(op.values)];
        const r = await client.query({ ...pgStatement(text), values });
        changes.push(r.rowCount ?? 0);
        continue;
      }
      const { spec } = op;
      if (op.rows.length === 0) {
        changes.push(0);
        continue;
      }
      let n = 0;
      for (const arrays of columnChunks(spec.columns, op.rows)) {
        const r = jsonSafe(arrays)
          ? await client.query({ ...pgUpsert(spec), values: arrays.map((a) => JSON.stringify(a)) })
          : await client.query({ ...pgArrayUpsert(spec), values: arrays });
        n += r.rowCount ?? 0;
      }
      changes.push(n);
    }
    await client.query('COMMIT');
    return changes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Fallback for a store without driver handles: the same operations through Kysely (slower, same result). */
async function runKysely(db: Kysely<unknown>, ops: readonly BulkOp[]): Promise<number[]> {
  // biome-ignore lint/suspicious/noExplicitAny: the same operations run on any table; the table specs type them
  const k = db as Kysely<any>;
  return k.transaction().execute(async (trx) => {
    const changes: number[] = [];
    for (const op of ops) {
      if (op.kind === 'delete') {
        let n = 0;
        for (let i = 0; i < op.values.length; i += 1000) {
          const r = await trx
            .deleteFrom(op.table)
            .where(op.column, 'in', op.values.slice(i, i + 1000))
            .executeTakeFirst();
          n += Number(r.numDeletedRows);
        }
        changes.push(n);
        continue;
      }
      if (op.kind === 'update') {
        let n = 0;
        for (let i = 0; i < op.values.length; i += 1000) {
          const r = await trx
            .updateTable(op.table)
            .set(op.set)
            .where(op.column, 'in', op.values.slice(i, i + 1000))
            .executeTakeFirst();
          n += Number(r.numUpdatedRows);
        }
        changes.push(n);
        continue;
      }
      let n = 0;
      const per = Math.max(1, Math.floor(8000 / op.spec.columns.length));
      for (let i = 0; i < op.rows.length; i += per) {
        const batch = op.rows
          .slice(i, i + per)
          .map((row) =>
            Object.fromEntries(op.spec.columns.map((c) => [c, (row as Record<string, unknown>)[c] ?? null])),
          );
        let q = trx.insertInto(op.spec.table).values(batch);
        const conflict = op.spec.conflict;
        if (conflict) {
          q = q.onConflict((oc) => {
            const t = oc.columns(conflict.target as string[]);
            return conflict.update === 'nothing'
              ? t.doNothing()
              : t.doUpdateSet(
                  Object.fromEntries(
                    (conflict.update as string[]).map((c) => [
                      c,
                      (eb: { ref(r: string): unknown }) => eb.ref(`excluded.${c}`),
                    ]),
                  ) as never,
                );
          });
        }
        const r = await q.executeTakeFirst();
        n += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
      changes.push(n);
    }
    return changes;
  });
}

/** Runs the operations, in order, in one transaction; returns the affected-row count of each. */
export async function bulkWrite(store: Store, ops: readonly BulkOp[], options: BulkOptions = {}): Promise<number[]> {
  const sqlite = store.native?.sqlite;
  if (store.engine === 'sqlite' && sqlite) return writeSqlite(store, sqlite, ops);
  if (store.engine === 'postgres' && store.native?.pg) return runPostgres(store, ops, options);
  return runKysely(store.db as unknown as Kysely<unknown>, ops);
}

/** How long a batch waits for another connection's write lock before it fails (its thread keeps working meanwhile). */
export const SQLITE_WRITE_LOCK_WAIT_MS = 120_000;
const MAX_POLL_MS = 25;

/**
 * One IMMEDIATE transaction (it takes the write lock before its first statement). While another connection writes —
 * the other sync threads of a scan, another process — the batch waits asynchronously, polling, instead of in SQLite's
 * busy handler, which would stop this thread's event loop (its HTTP answers, timers and progress) for the whole wait.
 */
async function writeSqlite(store: Store, sqlite: BetterSqlite3.Database, ops: readonly BulkOp[]): Promise<number[]> {
  const started = Date.now();
  for (let poll = 1; ; poll = Math.min(poll * 2, MAX_POLL_MS)) {
    let out: number[] | undefined;
    await store.db.connection().execute(async () => {
      out = tryImmediate(sqlite, () => runSqlite(sqlite, ops));
    });
    if (out) return out;
    if (Date.now() - started > SQLITE_WRITE_LOCK_WAIT_MS)
      throw new Error(
        `the store's write lock was held by another connection for over ${SQLITE_WRITE_LOCK_WAIT_MS / 1000} s (database is locked)`,
      );
    await sleep(poll);
  }
}

/** The transaction's result, or undefined when another connection holds the write lock (nothing was written). */
function tryImmediate<T>(sqlite: BetterSqlite3.Database, work: () => T): T | undefined {
  sqlite.pragma('busy_timeout = 0');
  try {
    return sqlite.transaction(work).immediate();
  } catch (error) {
    // better-sqlite3 has rolled the transaction back; the caller runs it again once the lock is free.
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return undefined;
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
}
