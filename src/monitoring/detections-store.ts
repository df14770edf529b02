import { createHash } from 'node:crypto';
import type { Severity } from '../model/index.js';
import type { ActivityDetectionsTable, Store } from '../store/index.js';

/** Event ids kept as a detection's evidence (the count says how many there were). */
export const EVIDENCE_CAP = 20;

export interface Detection {
  id: string;
  ruleId: string;
  platform: string;
  tenant: string;
  identityId: string | null;
  /** The actor's native principal. */
  actor: string;
  subject: string;
  severity: Severity;
  title: string;
  message: string;
  eventIds: string[];
  eventCount: number;
  firstEventAt: string;
  lastEventAt: string;
  detectedAt: string;
  status: string;
}

export const detectionId = (ruleId: string, platform: string, actorKey: string, subject: string): string =>
  `det_${createHash('sha256').update(`${ruleId}\n${platform}\n${actorKey}\n${subject}`).digest('hex').slice(0, 24)}`;

/** A stored detection row (the table is declared once, in src/store/schema.ts). */
type Row = ActivityDetectionsTable;

const fromRow = (r: Row): Detection => ({
  id: r.id,
  ruleId: r.rule_id,
  platform: r.platform,
  tenant: r.tenant,
  identityId: r.identity_id,
  actor: r.actor,
  subject: r.subject,
  severity: r.severity as Severity,
  title: r.title,
  message: r.message,
  eventIds: JSON.parse(r.event_ids) as string[],
  eventCount: r.event_count,
  firstEventAt: r.first_event_at,
  lastEventAt: r.last_event_at,
  detectedAt: r.detected_at,
  status: r.status,
});

/** Stores detections, folding each into the one already stored with its id (same rule, actor and subject). */
export async function saveDetections(store: Store, detections: readonly Detection[]): Promise<void> {
  if (detections.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    for (const d of detections) {
      const old = await trx.selectFrom('activity_detections').selectAll().where('id', '=', d.id).executeTakeFirst();
      const merged = old ? merge(fromRow(old), d) : d;
      const row: Row = {
        id: merged.id,
        rule_id: merged.ruleId,
        platform: merged.platform,
        tenant: merged.tenant,
        identity_id: merged.identityId,
        actor: merged.actor,
        subject: merged.subject,
        severity: merged.severity,
        title: merged.title,
        message: merged.message,
        event_ids: JSON.stringify(merged.eventIds),
        event_count: merged.eventCount,
        first_event_at: merged.firstEventAt,
        last_event_at: merged.lastEventAt,
        detected_at: merged.detectedAt,
        status: merged.status,
      };
      if (old) await trx.updateTable('activity_detections').set(row).where('id', '=', d.id).execute();
      else await trx.insertInto('activity_detections').values(row).execute();
    }
  });
}

function merge(old: Detection, d: Detection): Detection {
  const ids = [...old.eventIds, ...d.eventIds.filter((id) => !old.eventIds.includes(id))].slice(0, EVIDENCE_CAP);
  return {
    ...d,
    eventIds: ids,
    eventCount: old.eventCount + d.eventCount,
    // ISO-8601 UTC text sorts as time does.
    firstEventAt: [old.firstEventAt, d.firstEventAt].sort()[0],
    lastEventAt: [old.lastEventAt, d.lastEventAt].sort()[1],
    detectedAt: old.detectedAt,
    status: old.status,
  };
}

export interface DetectionQuery {
  platform?: string;
  limit?: number;
}

/** Detections, newest activity first. */
export async function listDetections(store: Store, query: DetectionQuery = {}): Promise<Detection[]> {
  let q = store.db.selectFrom('activity_detections').selectAll();
  if (query.platform) q = q.where('platform', '=', query.platform);
  const rows = await q
    .orderBy('last_event_at', 'desc')
    .orderBy('id')
    .limit(query.limit ?? 1000)
    .execute();
  return rows.map(fromRow);
}
