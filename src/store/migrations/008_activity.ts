import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Monitoring (src/monitoring, docs/monitoring.md): normalized activity events (raw-free: no request or response
 * bodies) with their de-duplication keys, detections with their event ids as evidence, and per-actor baselines.
 * Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // The de-duplication key of every event ever imported: a 64-bit hash of (platform, vendor event id), and the
  // event's time (retention). Tiny rows: a random-order insert into this tree costs a fraction of an indexed text id.
  await db.schema
    .createTable('activity_event_keys')
    .addColumn('k', postgres ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('time', postgres ? 'bigint' : 'integer', (c) => c.notNull())
    .execute();
  // The normalized events themselves, one row per imported batch: gzip of JSON lines (src/monitoring/events-store.ts).
  await db.schema
    .createTable('activity_event_batches')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('first_time', 'text', (c) => c.notNull())
    .addColumn('last_time', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('events', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activity_event_batches_last')
    .on('activity_event_batches')
    .columns(['last_time'])
    .execute();
  await db.schema
    .createTable('activity_detections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('event_ids', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('first_event_at', 'text', (c) => c.notNull())
    .addColumn('last_event_at', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activity_detections_last')
    .on('activity_detections')
    .columns(['last_event_at', 'id'])
    .execute();
  await db.schema
    .createTable('activity_baselines')
    .addColumn('actor_key', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
