import type { Kysely } from 'kysely';

/**
 * Trustworthy scans (docs/architecture.md, "Trustworthy scans"): per-source outcomes on every run, vanished
 * identities kept as gone (not deleted), fields kept from an earlier run marked stale, quarantined records, the
 * reason a finding was resolved, and one local scan lock per tenant. Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's ALTER TABLE adds one column per statement.
  await db.schema
    .alterTable('sync_runs')
    .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('identities').addColumn('gone_at', 'text').execute();
  await db.schema.alterTable('identities').addColumn('gone_run_id', 'text').execute();
  await db.schema
    .alterTable('identities')
    .addColumn('stale', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('identities_gone_run').on('identities').column('gone_run_id').execute();
  await db.schema.alterTable('findings').addColumn('resolved_reason', 'text').execute();

  await db.schema
    .createTable('quarantine')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('native_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quarantine_pk', ['run_id', 'ordinal'])
    .execute();

  await db.schema
    .createTable('scan_locks')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scan_locks_pk', ['platform', 'tenant'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
