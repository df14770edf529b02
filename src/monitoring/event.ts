import type { PlatformId } from '../model/index.js';

/** OCSF classes the normalized events belong to (OCSF 1.x class_uid). */
export const EVENT_CLASS = { apiActivity: 6003, authentication: 3002, accountChange: 3001 } as const;
export type EventClassUid = (typeof EVENT_CLASS)[keyof typeof EVENT_CLASS];

/**
 * What an operation means, whatever the vendor calls it: the platform's parser tags events from its own tables, the
 * detections read only tags (so no detection names a vendor operation).
 */
export const EVENT_TAGS = [
  /** A new credential (key, password, certificate, token) for a principal. */
  'credential.create',
  /** ... for a principal other than the caller (a backdoor key, a login profile for someone else). */
  'credential.other',
  /** Identity and access writes: users, roles, policies, groups. */
  'iam.write',
  /** Who may assume or trust what: trust policies, trust anchors, federation. */
  'trust.write',
  /** A secret value read in clear (secret stores, decrypted parameters, instance passwords). */
  'secret.read',
  /** Short-lived credentials minted for another principal (assume, federate). */
  'session.issue',
  /** A session used to mint the next one (role chaining). */
  'session.chain',
  /** Audit logging stopped, deleted, narrowed or moved out of reach. */
  'logging.disable',
  /** An interactive (console / browser) sign-in. */
  'login.interactive',
  /** The organization's data read in bulk or exported (a Bulk API query, a workspace export): the stolen-token case. */
  'data.export',
] as const;
export type EventTag = (typeof EVENT_TAGS)[number];

/** Tags that make an operation sensitive for an NHI that never did it before. */
export const SENSITIVE_TAGS: readonly EventTag[] = [
  'credential.create',
  'credential.other',
  'iam.write',
  'trust.write',
  'secret.read',
  'session.issue',
  'session.chain',
  'data.export',
];

export const NO_TAGS: readonly EventTag[] = Object.freeze([]);
/** A vendor field as text: a non-blank string, else null (parsers of exported logs read untyped JSON). */
export const nonBlankText = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A plain JSON object (not null, not an array). */
export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A record's nested object, or an empty one when the vendor left it out or sent something else. */
export const objectOrEmpty = (v: unknown): Record<string, unknown> => (isJsonObject(v) ? v : {});

export const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * Who acted. `keys` are the native ids the actor can be found by in the inventory, most specific first (a
 * credential id such as an access key id, then the principal's id): the resolver tries them in order.
 */
export interface EventActor {
  /** Stable native principal (e.g. an ARN or principal id); the baseline key of an unresolved actor. */
  principal: string;
  /** Display name. */
  name: string;
  keys: readonly string[];
  /** Signed with a long-lived programmatic credential (an API key, not a console or browser session). */
  programmatic: boolean;
  /** The vendor itself acting (a cloud service on the customer's behalf): stored, never baselined or detected. */
  vendorService: boolean;
  /**
   * A person, as the log says (an Entra user in `initiatedBy.user`), not an NHI: stored and counted apart, never
   * baselined; only detections that see people (`DetectionRule.seesPeople`) judge it.
   */
  person?: boolean;
}

/**
 * One normalized event (OCSF-aligned), raw-free: no request or response bodies, no secrets. The enrichment slots at
 * the end are filled by the pipeline (null until then) so every event has the same shape.
 */
export interface ActivityEvent {
  /** The vendor's event id (de-duplication key with the platform). */
  id: string;
  platform: PlatformId;
  /** The vendor's tenant of the event (e.g. an account id). */
  tenant: string;
  /** Epoch milliseconds. */
  time: number;
  classUid: EventClassUid;
  /** `service:Operation`, e.g. `iam:CreateAccessKey`. */
  operation: string;
  actor: EventActor;
  sourceIp: string | null;
  userAgent: string | null;
  success: boolean;
  /** The principal the operation acted on, when it names one (e.g. the user a key is created for): its name. */
  target: string | null;
  /**
   * The native ids the target can be found by in the inventory, most specific first (e.g. the object id of the
   * application a secret was added to); empty when the record names no inventory object.
   */
  targetKeys: readonly string[];
  tags: readonly EventTag[];
  // Enrichment (pipeline).
  identityId: string | null;
  credentialId: string | null;
  /** The inventory identity the target resolved to (pipeline), null = none named or not in the inventory. */
  targetIdentityId: string | null;
  asn: number | null;
  country: string | null;
  uaFamily: string | null;
}

export type NormalizedEvent = Omit<
  ActivityEvent,
  'identityId' | 'credentialId' | 'targetIdentityId' | 'asn' | 'country' | 'uaFamily'
>;

/** Gives a parser's event its enrichment slots (one object shape for every event). */
export function activityEvent(e: NormalizedEvent): ActivityEvent {
  return {
    id: e.id,
    platform: e.platform,
    tenant: e.tenant,
    time: e.time,
    classUid: e.classUid,
    operation: e.operation,
    actor: e.actor,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    success: e.success,
    target: e.target,
    targetKeys: e.targetKeys,
    tags: e.tags,
    identityId: null,
    credentialId: null,
    targetIdentityId: null,
    asn: null,
    country: null,
    uaFamily: null,
  };
}

/** A record a parser could not use; counted and quarantined by the pipeline, never fatal. */
export class RecordRejected extends Error {}

/**
 * One log format a platform can read (`steward events import --format <id>`): `parse` turns one record (a parsed
 * JSON value) into events, or throws {@link RecordRejected} (or any error) for a record it cannot use.
 */
export interface ActivityFormat {
  id: string;
  title: string;
  parse(record: unknown): ActivityEvent[];
  /**
   * Where a parse thread can load this format from: the module's URL (`import.meta.url`) and the name the format is
   * exported under. With it, imports split and parse on a second thread (parse-thread.ts); without it, on the caller's.
   */
  thread?: { module: string; exportName: string };
  /**
   * For a format whose files are not JSON (a CSV export): turns an imported file's bytes into records, JSON texts one
   * per line, streamed. `events import` reads such files through it; collectors hand over JSON records already.
   */
  decode?(chunks: AsyncIterable<Uint8Array | string>): AsyncIterable<string>;
}

/** A platform's activity hook (Platform.activity). */
export interface PlatformActivity {
  formats: readonly ActivityFormat[];
  /** What `lastUsedSource` says when a last use comes from this platform's events. */
  lastUsedSource: string;
  /**
   * Attributes whose values are also keys an actor may be found by, besides an identity's native id and a
   * credential's name (e.g. an application's appId, a credential's keyId).
   */
  keyAttributes?: { identity?: readonly string[]; credential?: readonly string[] };
  /** Pulls the platform's logs from its API for a configured tenant (`steward events collect`). */
  collector?: ActivityCollector;
}

/** Records a stream read, in its format's wire shape (one JSON text each), oldest first, and the newest one's time. */
export interface CollectedBatch {
  records: readonly string[];
  /** Epoch ms of the newest record of the batch (the cursor moves to it once the batch is stored). */
  latest: number;
}

/** One log a collector reads incrementally (its cursor is kept per platform, tenant and stream). */
export interface CollectorStream {
  /** Names the stream in its cursor key and reports, e.g. `cloudtrail:LookupEvents`. */
  id: string;
  /** The format whose parser reads the records (the one `events import` uses for the same vendor shape). */
  format: ActivityFormat;
  /** The vendor endpoint and the permission it needs, named when the vendor refuses. */
  endpoint: string;
  permission: string;
  /** Records with times in [start, end] (epoch ms), in time order, in batches. Throws on any refusal or failure. */
  read(window: { start: number; end: number }): AsyncIterable<CollectedBatch>;
}

/** A platform's log collector: the streams one configured tenant has (options as in `tenants[].options`). */
export interface ActivityCollector {
  /** How far back a stream's first read goes (the vendor's own limit), in ms. */
  firstLookbackMs: number;
  /** How far before the cursor each read starts again, for records the vendor delivers late, in ms. */
  overlapMs: number;
  streams(tenant: string, options: unknown, settings: CollectorSettings): CollectorStream[];
}

export interface CollectorSettings {
  /** Least time between two requests to one rate-limited API (ms); 0 only in tests against an emulator. */
  minRequestIntervalMs?: number;
}
