import {
  EVENT_CLASS,
  NO_KEYS,
  NO_TAGS,
  RecordRejected,
  type ActivityEvent,
  type ActivityFormat,
  type EventActor,
  nonBlankText,
} from '../../../monitoring/event.js';
import { actionTags } from './operations.js';

/**
 * GitHub organization / enterprise audit log → events. Reads the entries `GET /orgs/{org}/audit-log` returns (a JSON
 * array) and audit-log streaming writes (one per line): `_document_id`, `action`, `actor`, `actor_id`,
 * `created_at` / `@timestamp` (epoch ms), `org`, `user`, `repo`, `user_agent`, `actor_ip` (with IP disclosure on),
 * `token_id` / `hashed_token` / `programmatic_access_type` (when a token made the request), `actor_is_bot`.
 *
 * The actor is the token when the entry names one (`tokenId=<id>`: a fine-grained PAT grant's token id in the
 * inventory), an app's bot account by its slug (`appSlug=<slug>`), else the user — a person in a web session (no token,
 * not a bot), judged only by detections about the event's target.
 */

type Obj = Record<string, unknown>;

const str = nonBlankText;
const id = (v: unknown): string | null => (typeof v === 'number' ? String(v) : str(v));

export const githubAuditFormat: ActivityFormat = {
  id: 'github-audit',
  title: 'GitHub organization or enterprise audit log (REST audit-log pages, or audit-log streaming JSON lines)',
  thread: { module: import.meta.url, exportName: 'githubAuditFormat' },
  parse(record: unknown): ActivityEvent[] {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new RecordRejected('not a JSON object');
    return [auditEvent(record as Obj)];
  },
};

/** Epoch ms (REST and streaming), or a date-time text (beyond milliseconds cut off); a text without a zone is UTC. */
function timeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = str(v)?.replace(/(\.\d{3})\d+/, '$1');
  if (!s) return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

function auditEvent(r: Obj): ActivityEvent {
  const eventId = str(r._document_id);
  const action = str(r.action);
  if (!eventId || !action) throw new RecordRejected('not a GitHub audit-log entry (_document_id or action missing)');
  const time = timeOf(r.created_at ?? r['@timestamp']);
  if (Number.isNaN(time)) throw new RecordRejected(`created_at is not a time (entry ${eventId.slice(0, 64)})`);
  const tags = actionTags(action) ?? NO_TAGS;
  return {
    id: eventId,
    platform: 'github',
    tenant: str(r.org) ?? str(r.business) ?? '',
    time,
    classUid: tags.includes('credential.create') ? EVENT_CLASS.accountChange : EVENT_CLASS.apiActivity,
    operation: `${action.split('.')[0]}:${action}`,
    actor: actorOf(r),
    sourceIp: str(r.actor_ip),
    userAgent: str(r.user_agent),
    // The audit log records what happened; refused requests are not in it (api.request carries a status code).
    success: typeof r.status_code !== 'number' || r.status_code < 400,
    target: str(r.user) ?? str(r.repo) ?? str(r.team) ?? null,
    targetKeys: NO_KEYS,
    tags,
    identityId: null,
    credentialId: null,
    targetIdentityId: null,
    asn: null,
    country: null,
    uaFamily: null,
  };
}

const BOT = /^(.+)\[bot\]$/;

function actorOf(r: Obj): EventActor {
  const login = str(r.actor);
  const actorId = id(r.actor_id);
  const tokenId = id(r.token_id);
  const bot = login ? BOT.exec(login)?.[1]?.toLowerCase() : undefined;
  const principal = login ?? (actorId ? `id:${actorId}` : 'unknown');
  const keys = [tokenId ? `tokenId=${tokenId}` : null, bot ? `appSlug=${bot}` : null].filter(
    (k): k is string => k !== null,
  );
  const programmatic = tokenId !== null || str(r.programmatic_access_type) !== null || bot !== undefined;
  const person = !programmatic && r.actor_is_bot !== true;
  return {
    // A token is its own actor: two tokens of one user are two NHIs with two baselines.
    principal: tokenId ? `${principal}#token:${tokenId}` : principal,
    name: login ?? principal,
    keys: keys.length ? keys : NO_KEYS,
    programmatic,
    vendorService: false,
    ...(person ? { person } : {}),
  };
}
