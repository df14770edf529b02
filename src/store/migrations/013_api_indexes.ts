import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The columns a row of the identity list shows (src/surfaces/api/identities.ts), beyond its sort keys. */
const LISTED = ['gone_at', 'tenant', 'kind', 'native_type', 'last_used_at', 'created_at'] as const;

/**
 * Indexes for the identity list at 1M identities (docs/api.md § Performance), each measured there:
 * - findings (identity_id, status, severity) answers a listed row's open findings and most severe open one (two
 *   correlated reads per row) from the index alone. It replaces findings_identity, its prefix, so findings writes
 *   (the analysis step; a scan's sync writes no finding) still update one index.
 * - identities (platform, name, id) now also holds the listed columns, so a list filtered by platform (and a text
 *   search, whose expression reads name and id) walks the index without visiting a wide identity row for each row
 *   it tests: PostgreSQL as INCLUDE columns (an index-only scan), SQLite as trailing key columns (a covering index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createIndex('findings_identity_open')
    .ifNotExists()
    .on('findings')
    .columns(['identity_id', 'status', 'severity'])
    .execute();
  await db.schema.dropIndex('findings_identity').ifExists().execute();
  await db.schema.dropIndex('identities_platform_name').ifExists().execute();
  const listed = sql.join(LISTED.map((c) => sql.ref(c)));
  if (postgres)
    await sql`create index identities_platform_name on identities (platform, name, id) include (${listed})`.execute(db);
  else await sql`create index identities_platform_name on identities (platform, name, id, ${listed})`.execute(db);
  // PostgreSQL plans from statistics: tell it about the new indexes at once rather than at the next autovacuum.
  if (postgres) await sql`analyze identities, findings`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
