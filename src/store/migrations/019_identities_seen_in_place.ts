import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL: a re-scan's `last_seen` update of an unchanged identity (it also moves `sync_run_id`) stays on the
 * row's page, without a new entry in each of the identities table's eleven indexes (the trigram one among them).
 * Two things stopped that: the sweep index held `sync_run_id`, a changed indexed column, and full pages left no room
 * for the new row version. The sweep index is now (platform, tenant, scope): a sweep, once per run, reads the
 * tenant's rows for their run id instead of the index. New identities pages are filled to half.
 * Measured on a 100k estate re-scanned against PostgreSQL with `pg_stat_statements` (docs/scale.md §7, session 17):
 * the update of 74,676 unchanged identities took 12.2 s of statement time (164 µs a row, none heap-only) and under
 * 1.4 s after (all heap-only, so the re-scan added no index entry); all statements of the re-scan 26.8 s → 15.4 s.
 * Existing pages keep their fill until rewritten (`VACUUM FULL identities` in a quiet hour does it at once).
 * SQLite updates a row where it stands, and its sweep keeps reading the run id from the index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index if exists identities_sweep`.execute(db);
  await sql`create index identities_sweep on identities (platform, tenant, scope)`.execute(db);
  await sql`alter table identities set (fillfactor = 50)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
