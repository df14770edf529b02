import type { Kysely } from 'kysely';

/**
 * Indexes a scan dropped to load an empty table, and the statement that builds each again
 * (src/store/deferred-indexes.ts). A row outlives its index only while that load runs, or after a scan that stopped
 * before it could build them: the next scan (or `steward migrate`) builds what is listed here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deferred_indexes')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
