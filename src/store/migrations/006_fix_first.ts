import type { Kysely } from 'kysely';

/**
 * The "fix first" order (src/analysis/risk/fix-first.ts, docs/rules.md): each identity's exposure (reach ×
 * privilege × credential age × usage) and its four factors, written by the risk step beside the score, so
 * `steward findings` and the report order a million identities in SQL. Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's ALTER TABLE adds one column per statement.
  await db.schema
    .alterTable('risk_scores')
    .addColumn('fix_exposure', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('risk_scores')
    .addColumn('fix_factors', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('risk_scores_fix_first').on('risk_scores').columns(['fix_exposure', 'score']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
