import { z } from 'zod';
import { listDetections } from '../../monitoring/detections-store.js';
import { readEvents, type StoredEvent } from '../../monitoring/events-store.js';
import type { Store } from '../../store/index.js';
import type { ApiDeps } from './deps.js';
import { Severity } from './schemas.js';

/** Events shown with each detection (its first evidence; `steward detections --format json` has all the ids). */
const EVENTS_SHOWN = 3;

export const DetectionQuery = z.object({
  platform: z.string().max(100).optional(),
  identityId: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DetectionQuery = z.infer<typeof DetectionQuery>;

const DetectionEvent = z.object({
  id: z.string(),
  time: z.string(),
  operation: z.string(),
  success: z.boolean(),
  sourceIp: z.string().nullable(),
  asn: z.number().nullable(),
  country: z.string().nullable(),
  uaFamily: z.string().nullable(),
  target: z.string().nullable(),
  tags: z.array(z.string()),
});

export const DetectionItem = z.object({
  id: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  status: z.string(),
  platform: z.string(),
  tenant: z.string(),
  identityId: z.string().nullable(),
  identityName: z.string().nullable(),
  actor: z.string(),
  message: z.string(),
  eventCount: z.number().int(),
  firstEventAt: z.string(),
  lastEventAt: z.string(),
  detectedAt: z.string(),
  /** The first evidence events still stored (an event id whose event is gone is left out). */
  events: z.array(DetectionEvent),
});

/** Detections from imported activity, newest activity first, each with its first events and its identity's name. */
export async function listDetectionItems(deps: ApiDeps, query: DetectionQuery) {
  const { store } = deps;
  // The store lists by platform; an identity's detections are a filter of those (a few per identity).
  const rows = (
    await listDetections(store, { platform: query.platform, limit: query.identityId ? 100_000 : query.limit })
  )
    .filter((d) => !query.identityId || d.identityId === query.identityId)
    .slice(0, query.limit);
  const events = await eventsById(store, new Set(rows.flatMap((d) => d.eventIds.slice(0, EVENTS_SHOWN))));
  const names = await identityNames(
    store,
    rows.flatMap((d) => (d.identityId ? [d.identityId] : [])),
  );
  const items = rows.map((d) => ({
    id: d.id,
    ruleId: d.ruleId,
    title: d.title,
    severity: d.severity,
    status: d.status,
    platform: d.platform,
    tenant: d.tenant,
    identityId: d.identityId,
    identityName: d.identityId ? (names.get(d.identityId) ?? null) : null,
    actor: d.actor,
    message: d.message,
    eventCount: d.eventCount,
    firstEventAt: d.firstEventAt,
    lastEventAt: d.lastEventAt,
    detectedAt: d.detectedAt,
    events: d.eventIds.slice(0, EVENTS_SHOWN).flatMap((id) => {
      const e = events.get(id);
      return e ? [eventView(e)] : [];
    }),
  }));
  return { items };
}

function eventView(e: StoredEvent) {
  const { id, time, operation, success, sourceIp, asn, country, uaFamily, target, tags } = e;
  return { id, time, operation, success, sourceIp, asn, country, uaFamily, target, tags: [...tags] };
}

async function identityNames(store: Store, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('identities')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Stored events by vendor id: one pass over the stored batches, stopping once all are found. Detections keep event
 * ids only (the events are compact batches without an id index), so this reads at most the whole event store.
 */
export async function eventsById(store: Store, ids: ReadonlySet<string>): Promise<Map<string, StoredEvent>> {
  const found = new Map<string, StoredEvent>();
  if (ids.size === 0) return found;
  for await (const e of readEvents(store)) {
    if (ids.has(e.id)) found.set(e.id, e);
    if (found.size === ids.size) break;
  }
  return found;
}
