import type { Kysely } from 'kysely';

// One set of migrations for SQLite and PostgreSQL: only portable column types (text, integer, double precision).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('api_calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createIndex('sync_runs_scope')
    .on('sync_runs')
    .columns(['platform', 'tenant', 'started_at'])
    .execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('native_type', 'text', (c) => c.notNull())
    .addColumn('native_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_source', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('publisher_name', 'text')
    .addColumn('publisher_verified', 'integer')
    .addColumn('publisher_domain', 'text')
    .addColumn('third_party', 'integer', (c) => c.notNull())
    .addColumn('interactive', 'integer', (c) => c.notNull())
    .addColumn('environment', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('owner_claims', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identities_scope')
    .on('identities')
    .columns(['platform', 'tenant', 'sync_run_id'])
    .execute();
  await db.schema.createIndex('identities_kind').on('identities').columns(['kind']).execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_source', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credentials_identity').on('credentials').column('identity_id').execute();
  await db.schema
    .createIndex('credentials_scope')
    .on('credentials')
    .columns(['platform', 'tenant', 'sync_run_id'])
    .execute();
  await db.schema.createIndex('credentials_fingerprint').on('credentials').column('fingerprint').execute();

  await db.schema
    .createTable('permissions')
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('native_name', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('path_to_admin', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permissions_pk', ['identity_id', 'ordinal'])
    .execute();
  await db.schema
    .createIndex('permissions_scope')
    .on('permissions')
    .columns(['platform', 'tenant', 'sync_run_id'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('native_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('login', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('departed_at', 'text')
    .addColumn('manager_email', 'text')
    .addColumn('team', 'text')
    .addColumn('department', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_email').on('people').column('email').execute();
  await db.schema.createIndex('people_scope').on('people').columns(['source', 'tenant', 'sync_run_id']).execute();

  await db.schema
    .createTable('edges')
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('edges_pk', ['from_id', 'to_id', 'kind'])
    .execute();
  await db.schema.createIndex('edges_to').on('edges').column('to_id').execute();
  await db.schema.createIndex('edges_scope').on('edges').columns(['platform', 'tenant', 'sync_run_id']).execute();

  await db.schema
    .createTable('connector_state')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connector_state_pk', ['platform', 'tenant', 'key'])
    .execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('suppressed_reason', 'text')
    .addColumn('suppressed_by', 'text')
    .addColumn('suppressed_until', 'text')
    .execute();
  await db.schema.createIndex('findings_identity').on('findings').column('identity_id').execute();
  await db.schema.createIndex('findings_rule').on('findings').columns(['rule_id', 'status']).execute();

  await db.schema
    .createTable('ownership')
    .addColumn('identity_id', 'text', (c) => c.primaryKey())
    .addColumn('owner_person_id', 'text')
    .addColumn('owner_email', 'text')
    .addColumn('owner_team', 'text')
    .addColumn('source', 'text')
    .addColumn('confidence', 'double precision')
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ownership_email').on('ownership').column('owner_email').execute();

  await db.schema
    .createTable('owner_assignments')
    .addColumn('identity_id', 'text', (c) => c.primaryKey())
    .addColumn('owner_email', 'text')
    .addColumn('owner_team', 'text')
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
