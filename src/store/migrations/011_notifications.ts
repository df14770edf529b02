import type { Kysely } from 'kysely';

/**
 * Notifications (src/notifications, docs/notifications.md): one row per event per configured notification, keyed by
 * an idempotence key (notification name, event kind, subject id), so a re-run does not send the same event twice and
 * a failed delivery is retried by the next run. Rows of one batched message share `message_id`. No secret and no
 * message body is stored: only what was sent about (kind, subject), the outcome and the last error. Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_deliveries')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('notification', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('first_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_deliveries_recent')
    .on('notification_deliveries')
    .columns(['last_attempt_at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
