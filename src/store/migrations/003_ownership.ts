import type { Kysely } from 'kysely';

/**
 * Ownership resolution (src/engine/ownership): the effective status of the chosen owner, orphan flag and reason,
 * and a suggested new owner for orphans (never applied automatically). Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's ALTER TABLE adds one column per statement.
  await db.schema.alterTable('ownership').addColumn('owner_status', 'text').execute();
  await db.schema
    .alterTable('ownership')
    .addColumn('orphan', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('ownership').addColumn('orphan_reason', 'text').execute();
  await db.schema.alterTable('ownership').addColumn('suggested_email', 'text').execute();
  await db.schema.alterTable('ownership').addColumn('suggested_team', 'text').execute();
  await db.schema.alterTable('ownership').addColumn('suggestion_reason', 'text').execute();
  await db.schema.createIndex('ownership_orphan').on('ownership').columns(['orphan', 'identity_id']).execute();
  await db.schema.createIndex('ownership_team').on('ownership').column('owner_team').execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
