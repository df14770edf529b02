import { gunzipSync, gzipSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../store/index.js';
import type { BaselineData } from './baseline.js';
import type { ActivityEvent } from './event.js';

/**
 * Where events go. Each event's de-duplication key (a 64-bit hash of platform and vendor event id, with its time for
 * retention) is one tiny row of activity_event_keys; the normalized events of a batch are one gzip of JSON lines in
 * activity_event_batches. That keeps the hot path to one small random-order insert per event (an indexed text id
 * per event row cost several times more, measured in bench/events.ts) and the events compact on disk.
 * Chance of two different events sharing a key: about n²/2⁶⁵ (3·10⁻⁶ at ten million events).
 */

/** A stored event: the normalized event without the parts only the pipeline needs. */
export interface StoredEvent {
  id: string;
  platform: string;
  tenant: string;
  time: string;
  classUid: number;
  operation: string;
  actor: string;
  identityId: string | null;
  credentialId: string | null;
  sourceIp: string | null;
  asn: number | null;
  country: string | null;
  uaFamily: string | null;
  success: boolean;
  target: string | null;
  /** The inventory identity the target resolved to (absent in events stored before targets were resolved). */
  targetIdentityId?: string | null;
  tags: readonly string[];
}

const q = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

/**
 * The part of an event's stored line (a StoredEvent as JSON, built by hand: JSON.stringify of a fresh object per event
 * cost 3× more) that needs nothing from the store: everything but the resolved ids, which {@link storedLine} puts in
 * front. Built where the event is parsed (on the parse thread when there is one), so the importing thread only joins.
 */
export function storedTail(e: ActivityEvent): string {
  const tags = e.tags.length ? `"${e.tags.join('","')}"` : '';
  return `"id":${q(e.id)},"platform":"${e.platform}","tenant":${q(e.tenant)},"time":"${new Date(e.time).toISOString()}","classUid":${e.classUid},"operation":${q(e.operation)},"actor":${q(e.actor.principal)},"sourceIp":${q(e.sourceIp)},"asn":${e.asn},"country":${q(e.country)},"uaFamily":${q(e.uaFamily)},"success":${e.success},"target":${q(e.target)},"tags":[${tags}]}`;
}

/** One stored line: the ids the importing thread resolved, then the event's {@link storedTail}. */
function storedLine(e: ActivityEvent, tail: string): string {
  return `{"identityId":${q(e.identityId)},"credentialId":${q(e.credentialId)},"targetIdentityId":${q(e.targetIdentityId)},${tail}`;
}

/** 64-bit key of (platform, id): two 32-bit multiplicative hashes (cyrb53's mixing) side by side. */
export function eventKey(platform: string, id: string): bigint {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (c: number) => {
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  };
  for (let i = 0; i < platform.length; i++) mix(platform.charCodeAt(i));
  mix(10);
  for (let i = 0; i < id.length; i++) mix(id.charCodeAt(i));
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // h1 high, h2 low, read back as one signed 64-bit integer (one BigInt instead of four).
  KEY_HALVES[HIGH] = h1;
  KEY_HALVES[1 - HIGH] = h2;
  return KEY_WORD[0];
}

const KEY_WORD = new BigInt64Array(1);
const KEY_HALVES = new Uint32Array(KEY_WORD.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Events on their way to the store, with what a parse thread computed for each (`keys[i]`, `tails[i]` belong to
 * `events[i]`; null = not computed): the de-duplication key ({@link eventKey}) and the stored line's tail
 * ({@link storedTail}).
 */
export interface EventBatch {
  events: ActivityEvent[];
  keys: Array<bigint | null>;
  tails: Array<string | null>;
}

const keysOf = ({ events, keys }: EventBatch): bigint[] => events.map((e, i) => keys[i] ?? eventKey(e.platform, e.id));

function packBatch({ events, tails }: EventBatch, fresh: readonly boolean[]) {
  const lines: string[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < events.length; i++) {
    if (!fresh[i]) continue;
    const e = events[i];
    lines.push(storedLine(e, tails[i] ?? storedTail(e)));
    if (e.time < first) first = e.time;
    if (e.time > last) last = e.time;
  }
  if (lines.length === 0) return null;
  return {
    platform: events[0].platform,
    first_time: new Date(first).toISOString(),
    last_time: new Date(last).toISOString(),
    count: lines.length,
    // Level 1: most of the size win for a fraction of the time.
    events: gzipSync(lines.join('\n'), { level: 1 }),
  };
}

/** Writes events (skipping those already stored) and says which were new: `fresh[i]` = events[i] is new. */
export interface EventWriter {
  write(batch: EventBatch, fresh: boolean[]): Promise<void>;
}

export function eventWriter(store: Store): EventWriter {
  const sqlite = store.native?.sqlite;
  return sqlite ? sqliteWriter(sqlite) : kyselyWriter(store);
}

function sqliteWriter(db: BetterSqlite3.Database): EventWriter {
  const key = db.prepare('INSERT OR IGNORE INTO activity_event_keys (k, time) VALUES (?, ?)');
  const insertBatch = db.prepare(
    'INSERT INTO activity_event_batches (platform, first_time, last_time, count, events) VALUES (?, ?, ?, ?, ?)',
  );
  const run = db.transaction((batch: EventBatch, fresh: boolean[]) => {
    const { events } = batch;
    const keys = keysOf(batch);
    // In key order, each B-tree page is visited once per batch (a stable sort: of two equal keys the first is fresh).
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    for (const i of order) fresh[i] = key.run(keys[i], events[i].time).changes === 1;
    const packed = packBatch(batch, fresh);
    if (packed) insertBatch.run(packed.platform, packed.first_time, packed.last_time, packed.count, packed.events);
  });
  return {
    async write(batch, fresh) {
      run(batch, fresh);
    },
  };
}

const PG_ROWS = 1000;

function kyselyWriter(store: Store): EventWriter {
  return {
    async write(batch, fresh) {
      const { events } = batch;
      const allKeys = keysOf(batch);
      await store.db.transaction().execute(async (trx) => {
        for (let at = 0; at < events.length; at += PG_ROWS) {
          const part = events.slice(at, at + PG_ROWS);
          const keys = allKeys.slice(at, at + PG_ROWS).map((k) => k.toString());
          // A statement cannot insert one key twice: the first of each key in the part is the candidate.
          const firsts = new Map<string, number>();
          keys.forEach((k, i) => {
            if (!firsts.has(k)) firsts.set(k, i);
          });
          const inserted = await trx
            .insertInto('activity_event_keys')
            .values([...firsts].map(([k, i]) => ({ k, time: part[i].time })))
            .onConflict((oc) => oc.column('k').doNothing())
            .returning('k')
            .execute();
          const got = new Set(inserted.map((r) => String(r.k)));
          keys.forEach((k, i) => {
            fresh[at + i] = got.has(k) && firsts.get(k) === i;
          });
        }
        const packed = packBatch(batch, fresh);
        if (packed) await trx.insertInto('activity_event_batches').values(packed).execute();
      });
    },
  };
}

/** Stored events, oldest batch first (tests, `steward events list`); a platform filter is optional. */
export async function* readEvents(store: Store, platform?: string): AsyncGenerator<StoredEvent> {
  let after = -1;
  for (;;) {
    let q = store.db.selectFrom('activity_event_batches').select(['id', 'events']).where('id', '>', after);
    if (platform) q = q.where('platform', '=', platform);
    const rows = await q.orderBy('id').limit(50).execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      after = Number(row.id);
      for (const line of gunzipSync(row.events).toString('utf8').split('\n')) yield JSON.parse(line) as StoredEvent;
    }
  }
}

export async function loadBaselines(store: Store, keys: readonly string[]): Promise<Map<string, BaselineData>> {
  const out = new Map<string, BaselineData>();
  for (let at = 0; at < keys.length; at += 500) {
    const rows = await store.db
      .selectFrom('activity_baselines')
      .select(['actor_key', 'data'])
      .where('actor_key', 'in', keys.slice(at, at + 500))
      .execute();
    for (const r of rows) out.set(r.actor_key, JSON.parse(r.data) as BaselineData);
  }
  return out;
}

export interface BaselineRow {
  key: string;
  platform: string;
  identityId: string | null;
  data: BaselineData;
}

export async function saveBaselines(store: Store, rows: readonly BaselineRow[], now: string): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (let at = 0; at < rows.length; at += 200) {
      await trx
        .insertInto('activity_baselines')
        .values(
          rows.slice(at, at + 200).map((r) => ({
            actor_key: r.key,
            platform: r.platform,
            identity_id: r.identityId,
            data: JSON.stringify(r.data),
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.column('actor_key').doUpdateSet((eb) => ({
            data: eb.ref('excluded.data'),
            identity_id: eb.ref('excluded.identity_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  });
}

const DAY_MS = 86_400_000;

export interface PruneResult {
  /** Events dropped (the counts of the batches deleted). */
  events: number;
  batches: number;
  /** De-duplication keys dropped. */
  keys: number;
  /** The cutoff: events older than this are gone (ISO). */
  before: string;
}

/** The epoch-ms cutoff of a retention in days. */
export function retentionCutoff(now: Date, days: number): number {
  return now.getTime() - days * DAY_MS;
}

/**
 * Drops stored events older than the retention. A batch goes when its NEWEST event is older than the cutoff (a batch
 * straddling it is kept whole until then), with the de-duplication keys of exactly its events (each batch is read
 * back for their ids), so every event still stored keeps its key and re-importing it is still a duplicate. Baselines
 * and detections are never pruned: they are the compact memory of what aged out (a detection names its events by id).
 */
export async function pruneEvents(store: Store, now: Date, days: number): Promise<PruneResult> {
  const before = new Date(retentionCutoff(now, days)).toISOString();
  const result: PruneResult = { events: 0, batches: 0, keys: 0, before };
  for (;;) {
    const done = await store.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('activity_event_batches')
        .select(['id', 'platform', 'events'])
        .where('last_time', '<', before)
        .orderBy('id')
        .limit(PRUNE_BATCHES)
        .execute();
      for (const row of rows) {
        const keys = gunzipSync(row.events)
          .toString('utf8')
          .split('\n')
          .map((line) => eventKey(row.platform, (JSON.parse(line) as StoredEvent).id));
        result.events += keys.length;
        for (let at = 0; at < keys.length; at += 500) {
          const part = keys.slice(at, at + 500).map((k) => (store.native?.sqlite ? k : k.toString()));
          const deleted = await trx.deleteFrom('activity_event_keys').where('k', 'in', part).executeTakeFirst();
          result.keys += Number(deleted.numDeletedRows);
        }
      }
      if (rows.length)
        await trx
          .deleteFrom('activity_event_batches')
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      result.batches += rows.length;
      return rows.length < PRUNE_BATCHES;
    });
    if (done) return result;
  }
}

/** Batches pruned per transaction (each is read back for its events' keys). */
const PRUNE_BATCHES = 20;
