import { type Kysely, sql } from 'kysely';

/**
 * The "fix first" order's first key, stored: `risk_scores.open_rank` is the rank of the identity's most severe open
 * (or reopened) finding — 4 critical, 3 high, 2 medium, 1 low, 0 info, -1 none — kept by the risk step and by every
 * triage write (src/analysis/risk/findings-store.ts). With the index below, `GET /identities?sort=fixFirst` walks
 * a million identities in fix-first order instead of ranking each one's findings per request (seconds at 1M).
 * Backfilled here from the stored findings; the ranks are written out, frozen with the migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('risk_scores')
    .addColumn('open_rank', 'integer', (c) => c.notNull().defaultTo(-1))
    .execute();
  await sql`UPDATE risk_scores SET open_rank = (
      SELECT max(CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1
        WHEN 'info' THEN 0 END)
      FROM findings f WHERE f.identity_id = risk_scores.identity_id AND f.status IN ('open', 'reopened'))
    WHERE identity_id IN (SELECT identity_id FROM findings WHERE status IN ('open', 'reopened'))`.execute(db);
  await db.schema
    .createIndex('risk_scores_open_rank')
    .on('risk_scores')
    .columns(['open_rank desc', 'fix_exposure desc', 'score desc', 'identity_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
