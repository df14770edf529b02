import {
  type ActivityEvent,
  type ActivityFormat,
  activityEvent,
  EVENT_CLASS,
  type EventActor,
  isJsonObject,
  NO_KEYS,
  NO_TAGS,
  nonBlankText,
  objectOrEmpty as obj,
  RecordRejected,
} from '../../../monitoring/event.js';
import { actionTags } from './operations.js';

/**
 * Slack Audit Logs API entries → events. Reads the entries of `GET /audit/v1/logs` one per line, or a whole answer
 * page (`{ "entries": […] }`): `id`, `date_create` (epoch seconds; a `YYYY-MM-DD hh:mm:ss` UTC text as SIEM exports
 * write it), `action`, `actor` (`type` user, `user.id`/`name`/`email`), `entity` (`type` app / user / workflow /
 * workspace / channel / …, the object under that key), `context` (`location`, `ua`, `ip_address`, `app` when an app
 * acted), `details`.
 *
 * The actor: Slack itself (`USLACKUSER`) is the vendor; an entry whose `context.app` names an app is that app's
 * doing (keys: the acting user id, which is the app's bot user when a bot token acted, then the app id — the native
 * ids of the Slack connector's `bot` and `app` identities); otherwise a member, a person unless the user id is a bot
 * user of the inventory.
 */

type Obj = Record<string, unknown>;

const str = nonBlankText;
/** Slack's own actor when no member did the action. */
const SLACK_ITSELF = 'USLACKUSER';

export const slackAuditFormat: ActivityFormat = {
  id: 'slack-audit',
  title: 'Slack Audit Logs API entries (GET /audit/v1/logs answers, or their entries one per line)',
  thread: { module: import.meta.url, exportName: 'slackAuditFormat' },
  parse(record: unknown): ActivityEvent[] {
    if (!isJsonObject(record)) throw new RecordRejected('not a JSON object');
    // A whole API answer handed over as one record.
    if (Array.isArray(record.entries)) return record.entries.flatMap((e) => slackAuditFormat.parse(e));
    return [auditEvent(record)];
  },
};

/** Epoch seconds, or a date-time text (without a zone: UTC). */
function timeOf(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  // Fractions beyond milliseconds (SIEM exports write nanoseconds) are cut off.
  const s = str(v)?.replace(/(\.\d{3})\d+/, '$1');
  if (!s) return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

function auditEvent(r: Obj): ActivityEvent {
  const eventId = str(r.id);
  const action = str(r.action);
  if (!eventId || !action) throw new RecordRejected('not a Slack audit log entry (id or action missing)');
  const time = timeOf(r.date_create);
  if (Number.isNaN(time)) throw new RecordRejected(`date_create is not a time (entry ${eventId.slice(0, 64)})`);
  const context = obj(r.context);
  const tags = actionTags(action) ?? NO_TAGS;
  const [target, targetKeys] = targetOf(obj(r.entity));
  return activityEvent({
    id: eventId,
    platform: 'slack',
    tenant: str(obj(context.location).id) ?? '',
    time,
    classUid: action.startsWith('user_log') ? EVENT_CLASS.authentication : EVENT_CLASS.apiActivity,
    operation: `audit:${action}`,
    actor: actorOf(obj(r.actor), obj(context.app)),
    sourceIp: str(context.ip_address),
    userAgent: str(context.ua),
    // The audit log records what happened; a refused sign-in has its own action.
    success: !action.endsWith('_failed'),
    target,
    targetKeys,
    tags,
  });
}

function actorOf(actor: Obj, app: Obj): EventActor {
  const type = str(actor.type) ?? 'user';
  const who = obj(actor[type]);
  const userId = str(who.id);
  const name = str(who.name) ?? str(who.email) ?? userId ?? 'unknown';
  if (userId === SLACK_ITSELF)
    return { principal: SLACK_ITSELF, name: 'Slack', keys: NO_KEYS, programmatic: false, vendorService: true };
  const appId = str(app.id);
  const principal = userId ?? `${type}:unknown`;
  if (appId)
    return {
      // An app is its own actor, apart from the member whose token it may have used.
      principal: `${principal}#app:${appId}`,
      name: str(app.name) ?? appId,
      keys: userId ? [userId, appId] : [appId],
      programmatic: true,
      vendorService: false,
    };
  return {
    principal,
    name,
    keys: userId ? [userId] : NO_KEYS,
    programmatic: false,
    vendorService: false,
    // A member in a session; resolving to an inventory bot user makes it an NHI's event after all.
    person: true,
  };
}

/** The entity's name, and its id as a key when it is an app, a user or a workflow. */
function targetOf(entity: Obj): [string | null, readonly string[]] {
  const type = str(entity.type);
  if (!type) return [null, NO_KEYS];
  const thing = obj(entity[type]);
  const id = str(thing.id);
  const name = str(thing.name) ?? id;
  return [name, id && ['app', 'user', 'workflow'].includes(type) ? [id] : NO_KEYS];
}
