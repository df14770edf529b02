import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL: findings pages are filled to half, so a re-analysis that only moves a finding's `last_seen` (every
 * finding still true, every scan) writes the new row version on the same page (a heap-only tuple) instead of on
 * another page with a new entry in each of the table's five indexes. Measured over a 100k store (153k findings, two
 * analysis threads; docs/scale.md, session 17), full pages against half-filled ones: the re-analysis's update of
 * every finding 8.1 s against 2.7 s of statement time (1 % against 100 % of the new versions heap-only), the server's
 * CPU for the whole re-analysis 11.4 s against 7.6 s; afterwards the table the same size (198 and 206 MB: full pages
 * double at the first update) and the indexes smaller (54 and 46 MB). A first analysis cost the same either way.
 * Applies to pages written from now on (existing ones keep theirs until a rewrite). SQLite updates a row where it
 * stands and only the indexes of the columns that changed: nothing to do there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`alter table findings set (fillfactor = 50)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
