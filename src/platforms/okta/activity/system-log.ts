import {
  EVENT_CLASS,
  NO_KEYS,
  NO_TAGS,
  RecordRejected,
  type ActivityEvent,
  type ActivityFormat,
  type EventActor,
  activityEvent,
  isJsonObject,
  nonBlankText,
  objectOrEmpty as obj,
} from '../../../monitoring/event.js';
import { eventTypeTags, isAuthentication } from './operations.js';

/**
 * Okta System Log → events. Reads Okta's LogEvent JSON (https://developer.okta.com/docs/api/openapi/okta-management/
 * management/tag/SystemLog/): the pages `GET /api/v1/logs` returns (a JSON array) or one event a line, and the
 * `Okta_CL` rows Microsoft Sentinel's Okta connector writes (the same fields flattened: `actor_id_s`, `target_s` …).
 * Event id = `uuid`.
 *
 * The actor is the SSWS API token when `transaction.detail.requestApiTokenId` names one (the token acts as the admin
 * who created it; its id is the api_token identity's native id), the OAuth client when the actor is a
 * `PublicClientApp` (its id is the client id: an OIDC app's id or clientId attribute, an API service integration's
 * id), Okta itself for `SystemPrincipal` (imports, jobs: stored, never judged), else the user — a person, judged
 * only by detections about the event's target.
 */

type Obj = Record<string, unknown>;

const str = nonBlankText;

/** An Okta System Log format whose events carry `tenant` (the org the collector read; imports do not know it). */
export function oktaSystemLogFormatFor(tenant: string): ActivityFormat {
  return {
    id: 'okta',
    title: 'Okta System Log (GET /api/v1/logs pages or LogEvent JSON lines; Sentinel Okta_CL rows)',
    thread: { module: import.meta.url, exportName: 'oktaSystemLogFormat' },
    parse(record: unknown): ActivityEvent[] {
      if (!isJsonObject(record)) throw new RecordRejected('not a JSON object');
      const event = isSentinelRow(record) ? fromSentinelRow(record) : record;
      return [logEvent(event, tenant)];
    },
  };
}

export const oktaSystemLogFormat: ActivityFormat = oktaSystemLogFormatFor('');

/** A LogEvent time: ISO 8601; a text without a zone (as some exports write it) is UTC. */
function timeOf(v: unknown): number {
  const s = str(v);
  if (!s) return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

function logEvent(r: Obj, tenant: string): ActivityEvent {
  const id = str(r.uuid);
  const eventType = str(r.eventType);
  if (!id || !eventType) throw new RecordRejected('not an Okta LogEvent (uuid or eventType missing)');
  const time = timeOf(r.published);
  if (Number.isNaN(time)) throw new RecordRejected(`published is not a time (event ${id.slice(0, 64)})`);
  const tags = eventTypeTags(eventType) ?? NO_TAGS;
  const client = obj(r.client);
  const targets = Array.isArray(r.target) ? r.target.filter(isJsonObject) : [];
  const result = str(obj(r.outcome).result);
  return activityEvent({
    id,
    platform: 'okta',
    tenant,
    time,
    classUid: tags.includes('credential.create')
      ? EVENT_CLASS.accountChange
      : isAuthentication(eventType)
        ? EVENT_CLASS.authentication
        : EVENT_CLASS.apiActivity,
    operation: `${eventType.split('.')[0]}:${eventType}`,
    actor: actorOf(r),
    sourceIp: str(client.ipAddress),
    userAgent: str(obj(client.userAgent).rawUserAgent),
    // The log records what was decided: FAILURE and DENY were refused; CHALLENGE, UNKNOWN … did not succeed either.
    success: result === null || result === 'SUCCESS' || result === 'ALLOW',
    target: targets.length ? (str(targets[0].displayName) ?? str(targets[0].alternateId) ?? str(targets[0].id)) : null,
    targetKeys: targetKeysOf(targets),
    tags,
  });
}

/** The targets' Okta ids (apps, tokens, users, policies …): globally unique, so each may name an inventory object. */
function targetKeysOf(targets: readonly Obj[]): readonly string[] {
  const keys = [...new Set(targets.map((t) => str(t.id)).filter((k): k is string => k !== null))];
  return keys.length ? keys : NO_KEYS;
}

function actorOf(r: Obj): EventActor {
  const actor = obj(r.actor);
  const actorId = str(actor.id);
  const type = str(actor.type);
  const login = str(actor.alternateId);
  // A user's alternateId is the login; a client's is its client id, so its display name (the app's label) says more.
  const byLogin = type !== 'PublicClientApp' && login !== 'unknown' ? login : null;
  const name = byLogin ?? str(actor.displayName) ?? actorId ?? 'unknown';
  const principal = actorId ?? login ?? 'unknown';
  const tokenId = str(obj(obj(r.transaction).detail).requestApiTokenId);
  if (tokenId)
    // A token is its own actor: two tokens of one admin are two NHIs with two baselines.
    return {
      principal: `${principal}#token:${tokenId}`,
      name: `${name} (API token ${tokenId})`,
      keys: [tokenId],
      programmatic: true,
      vendorService: false,
    };
  if (type === 'PublicClientApp' && actorId)
    return {
      principal: actorId,
      name,
      // The app's id (native id), or its OAuth client_id when set apart from it (the identity's clientId attribute).
      keys: [actorId, `clientId=${actorId.toLowerCase()}`],
      programmatic: true,
      vendorService: false,
    };
  if (type === 'SystemPrincipal') return { principal, name, keys: NO_KEYS, programmatic: false, vendorService: true };
  return {
    principal,
    name,
    keys: actorId ? [actorId] : NO_KEYS,
    programmatic: false,
    vendorService: false,
    ...(type === 'User' ? { person: true } : {}),
  };
}

const SENTINEL_COLUMN = /^([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)*)_([sdgtb])$/;

/** An `Okta_CL` row: Log Analytics columns (`uuid_g`, `eventType_s`), not LogEvent fields. */
const isSentinelRow = (r: Obj) => !('uuid' in r) && ('uuid_g' in r || 'eventType_s' in r);

/**
 * `Okta_CL` columns back to LogEvent fields: the path is the column name split at `_` (LogEvent field names have no
 * underscore), the suffix the column's type; empty cells are absent, arrays (`target_s`, `request_ipChain_s`) are
 * JSON texts.
 */
function fromSentinelRow(row: Obj): Obj {
  const out: Obj = {};
  for (const [column, raw] of Object.entries(row)) {
    const m = SENTINEL_COLUMN.exec(column);
    if (!m || typeof raw !== 'string' || raw === '' || raw === 'null') continue;
    let value: unknown = raw;
    if (m[2] === 'b') value = raw.toUpperCase() === 'TRUE';
    else if (m[2] === 'd') value = Number(raw);
    else if (m[2] === 's' && /^\s*[[{]/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    const path = m[1].split('_');
    let at = out;
    for (const key of path.slice(0, -1)) {
      if (!isJsonObject(at[key])) at[key] = {};
      at = at[key] as Obj;
    }
    at[path[path.length - 1]] = value;
  }
  return out;
}
