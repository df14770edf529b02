import type { Kysely } from 'kysely';

/**
 * Sub-scopes of a split tenant (docs/scale.md §5): every inventory row and every sync run records the scope of the
 * run that wrote it ('' = an unsplit run of the whole tenant, which is every row written before this migration).
 * The cleanup indexes gain the scope: (platform|source, tenant, scope, sync_run_id) serves a scoped sweep as well as
 * the whole-tenant sweep (a prefix), so they replace the 001 `*_scope` indexes instead of adding to the write cost.
 */
const INVENTORY = [
  { table: 'identities', owner: 'platform' },
  { table: 'credentials', owner: 'platform' },
  { table: 'permissions', owner: 'platform' },
  { table: 'people', owner: 'source' },
  { table: 'edges', owner: 'platform' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, owner } of INVENTORY) {
    await db.schema
      .alterTable(table)
      .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.dropIndex(`${table}_scope`).ifExists().execute();
    await db.schema
      .createIndex(`${table}_sweep`)
      .on(table)
      .columns([owner, 'tenant', 'scope', 'sync_run_id'])
      .execute();
  }
  await db.schema
    .alterTable('sync_runs')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
