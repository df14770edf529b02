import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Store } from '../store/index.js';
import type { Notification } from './message.js';

/** A row of notification_deliveries (migration 011): one event for one configured notification. */
export interface NotificationDeliveriesTable {
  key: string;
  notification: string;
  channel: string;
  kind: string;
  subject_id: string;
  message_id: string;
  /** 'sent' or 'failed' (a failed one is tried again by the next run that has it). */
  status: string;
  attempts: number;
  last_error: string | null;
  first_attempt_at: string;
  last_attempt_at: string;
  sent_at: string | null;
}

type Db = Kysely<Database & { notification_deliveries: NotificationDeliveriesTable }>;
/** The table is this layer's own: declared here rather than in the store's shared schema. */
const db = (store: Store): Db => store.db.withTables<{ notification_deliveries: NotificationDeliveriesTable }>();

/** The idempotence key: the same event (kind + subject) for the same configured notification. */
export function deliveryKey(notification: string, event: Pick<Notification, 'kind' | 'subject'>): string {
  return createHash('sha256').update(`${notification}\n${event.kind}\n${event.subject}`).digest('hex');
}

const KEYS_PER_QUERY = 500;

/** The stored rows of these keys, by key. */
export async function deliveriesOf(
  store: Store,
  keys: readonly string[],
): Promise<Map<string, NotificationDeliveriesTable>> {
  const out = new Map<string, NotificationDeliveriesTable>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const rows = await db(store)
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('key', 'in', keys.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const r of rows) out.set(r.key, r);
  }
  return out;
}

export interface AttemptRecord {
  notification: string;
  channel: string;
  messageId: string;
  events: readonly Notification[];
  ok: boolean;
  attempts: number;
  error: string | null;
  at: string;
}

/** Records one delivery (all its events) in one transaction; attempts add up across runs. */
export async function recordAttempt(
  store: Store,
  record: AttemptRecord,
  previous: ReadonlyMap<string, NotificationDeliveriesTable>,
): Promise<void> {
  await db(store)
    .transaction()
    .execute(async (tx) => {
      for (const event of record.events) {
        const key = deliveryKey(record.notification, event);
        const before = previous.get(key);
        const row: NotificationDeliveriesTable = {
          key,
          notification: record.notification,
          channel: record.channel,
          kind: event.kind,
          subject_id: event.subject,
          message_id: record.messageId,
          status: record.ok ? 'sent' : 'failed',
          attempts: (before?.attempts ?? 0) + record.attempts,
          last_error: record.error,
          first_attempt_at: before?.first_attempt_at ?? record.at,
          last_attempt_at: record.at,
          sent_at: record.ok ? record.at : null,
        };
        if (before) await tx.updateTable('notification_deliveries').set(row).where('key', '=', key).execute();
        else await tx.insertInto('notification_deliveries').values(row).execute();
      }
    });
}

/** How long a failed event is offered again to later runs before it is given up. */
export const RETRY_FAILED_DAYS = 7;
/** Most failed subjects offered again per run (the oldest beyond it wait for a later run). */
const MAX_RETRIED = 1000;

/**
 * Subjects of these kinds whose last delivery failed within RETRY_FAILED_DAYS of `now`, for the triggers to offer
 * again. Each configured notification still decides by its own rows: one that got the event does not get it twice.
 */
export async function failedSubjects(store: Store, kinds: readonly string[], now: string): Promise<string[]> {
  const from = new Date(Date.parse(now) - RETRY_FAILED_DAYS * 86_400_000).toISOString();
  const rows = await db(store)
    .selectFrom('notification_deliveries')
    .select('subject_id')
    .distinct()
    .where('status', '=', 'failed')
    .where('kind', 'in', [...kinds])
    .where('first_attempt_at', '>=', from)
    .orderBy('subject_id')
    .limit(MAX_RETRIED)
    .execute();
  return rows.map((r) => r.subject_id);
}

/** Recent deliveries, newest first (for `steward notify` listings and tests). */
export async function listDeliveries(store: Store, limit = 100): Promise<NotificationDeliveriesTable[]> {
  return db(store)
    .selectFrom('notification_deliveries')
    .selectAll()
    .orderBy('last_attempt_at', 'desc')
    .orderBy('key')
    .limit(limit)
    .execute();
}
