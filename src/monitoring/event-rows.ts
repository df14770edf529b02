import type { ActivityEvent, EventActor } from './event.js';

/**
 * Events as one flat array of their values (a fixed number per event, in the order below), the form in which a parse
 * thread hands them over. A structured clone writes every property name of every object it copies; flat values cost
 * the copy of the values alone (measured in bench/events.ts: cloning events as objects took the parse thread about as
 * long as JSON.parse of the records, and the importing thread rebuilds events of one shape faster than it revives them).
 */
export type EventRows = unknown[];

/** `person` absent, false or true (kept as the parser gave it). */
const PERSON = [undefined, false, true] as const;

export function toRows(events: readonly ActivityEvent[]): EventRows {
  const rows: unknown[] = [];
  for (const e of events) {
    const a = e.actor;
    rows.push(
      e.id,
      e.platform,
      e.tenant,
      e.time,
      e.classUid,
      e.operation,
      a.principal,
      a.name,
      a.keys,
      a.programmatic,
      a.vendorService,
      a.person === undefined ? 0 : a.person ? 2 : 1,
      e.sourceIp,
      e.userAgent,
      e.success,
      e.target,
      e.targetKeys,
      e.tags,
      e.identityId,
      e.credentialId,
      e.targetIdentityId,
      e.asn,
      e.country,
      e.uaFamily,
    );
  }
  return rows;
}

const STRIDE = 24;

export function fromRows(rows: EventRows): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  const v = rows as never[];
  for (let i = 0; i + STRIDE <= v.length; i += STRIDE) {
    const actor: EventActor = {
      principal: v[i + 6],
      name: v[i + 7],
      keys: v[i + 8],
      programmatic: v[i + 9],
      vendorService: v[i + 10],
    };
    const person = PERSON[v[i + 11] as number];
    if (person !== undefined) actor.person = person;
    events.push({
      id: v[i],
      platform: v[i + 1],
      tenant: v[i + 2],
      time: v[i + 3],
      classUid: v[i + 4],
      operation: v[i + 5],
      actor,
      sourceIp: v[i + 12],
      userAgent: v[i + 13],
      success: v[i + 14],
      target: v[i + 15],
      targetKeys: v[i + 16],
      tags: v[i + 17],
      identityId: v[i + 18],
      credentialId: v[i + 19],
      targetIdentityId: v[i + 20],
      asn: v[i + 21],
      country: v[i + 22],
      uaFamily: v[i + 23],
    });
  }
  return events;
}
