import { type Kysely, sql } from 'kysely';

/**
 * `steward serve` (src/surfaces/api): API tokens (only a scrypt hash of the secret is kept), the audit log of every
 * write made through the API, when a finding was suppressed, and the indexes the API's keyset-paged sorts walk.
 * Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_token_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.alterTable('findings').addColumn('suppressed_at', 'text').execute();
  // The API's identity sorts (name, last use, creation) page with (key, id) keysets.
  await db.schema.createIndex('identities_name').on('identities').columns(['name', 'id']).execute();
  // Never-used / unknown dates sort as '' (the same expression the API orders by), on both engines.
  await db.schema
    .createIndex('identities_last_used')
    .on('identities')
    .expression(sql`coalesce(last_used_at, ''), id`)
    .execute();
  await db.schema
    .createIndex('identities_created')
    .on('identities')
    .expression(sql`coalesce(created_at, ''), id`)
    .execute();
  await db.schema
    .createIndex('identities_platform_name')
    .on('identities')
    .columns(['platform', 'name', 'id'])
    .execute();
  await db.schema.createIndex('sync_runs_started').on('sync_runs').columns(['started_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
