import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL: a trigram index on the one identity text search (src/store/identity-search.ts), so a search answers
 * from the index when few identities match and the planner knows how many do (without it, a million-row store scans
 * every row per search, about a second each). It needs the pg_trgm extension: trusted since PostgreSQL 13, so any
 * role that may CREATE in the database can add it. Without it (or without that right) searches stay correct and
 * scan; docs/scale.md says how to add it later. SQLite has no such index: it walks the name order. Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  if (!(await canUseTrigrams(db))) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index if not exists identities_search on identities using gin (lower(name || ' ' || id) gin_trgm_ops)`.execute(
    db,
  );
  // The planner estimates a search from the indexed expression's statistics, which only ANALYZE gathers: without them
  // it guesses a hundred matches and fetches every match of a common word before sorting.
  await sql`analyze identities`.execute(db);
}

/** Asked first: all pending migrations share one transaction, which a refused CREATE EXTENSION would abort. */
async function canUseTrigrams(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ installed: boolean; creatable: boolean }>`
    select exists (select 1 from pg_extension where extname = 'pg_trgm') as installed,
           exists (select 1 from pg_available_extensions where name = 'pg_trgm')
             and (has_database_privilege(current_database(), 'CREATE')
                  or exists (select 1 from pg_roles where rolname = current_user and rolsuper)) as creatable`.execute(
    db,
  );
  return Boolean(rows[0]?.installed || rows[0]?.creatable);
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
