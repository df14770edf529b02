import { type Kysely, sql } from 'kysely';

/**
 * Scoped tenant locks for SQLite stores (docs/scale.md §4a): a local scan on several threads splits a large tenant
 * into sub-scopes, each its own run, so `scan_locks` gets a `scope` in its key ('' = the unsplit tenant). A row with
 * scope '' holds the tenant exclusively; a row with a scope holds the tenant shared and that scope exclusively — the
 * semantics of the PostgreSQL advisory keys (`syncLocks`). SQLite cannot change a primary key in place, so the table
 * is rebuilt; rows held at migration time (unsplit runs of an older steward) are kept with scope ''.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scan_locks_015')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scan_locks_scope_pk', ['platform', 'tenant', 'scope'])
    .execute();
  await sql`INSERT INTO scan_locks_015 (platform, tenant, scope, run_id, host, pid, acquired_at)
    SELECT platform, tenant, '', run_id, host, pid, acquired_at FROM scan_locks`.execute(db);
  await db.schema.dropTable('scan_locks').execute();
  await db.schema.alterTable('scan_locks_015').renameTo('scan_locks').execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
