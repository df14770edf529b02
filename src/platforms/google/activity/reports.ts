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
import { DWD_PARAMS } from '../connector/delegation.js';
import { reportTags } from './operations.js';

/**
 * Google Workspace Reports → events. Reads the items of `activities.list` (Admin SDK Reports API,
 * https://developers.google.com/workspace/admin/reports/v1/reference/activities/list): one activity a line, or a
 * JSON array of them (a page's `items`); an activity's `events[]` are one event each (an object instead of an array, as Elastic's
 * Google Workspace integration keeps it, is read too). Event id = `<applicationName>:<id.time>:<id.uniqueQualifier>:
 * <event name>` (`#n` after it for a name repeated in one activity): an activity's events share its id, and exports
 * that split an activity into one record per event (Sentinel's) keep each.
 *
 * Who acted:
 * - `token` events (OAuth grants, revokes and API calls) are the OAuth client's (`client_id` parameter): the client is
 *   the NHI, the user only the one whose data it reaches; it resolves to the oauth_client identity by its client id;
 * - an activity with `actor.applicationInfo.oauthClientId` was done by that client impersonating the actor
 *   (domain-wide delegation): the client id is the service account's OAuth client id (its uniqueId);
 * - `callerType: KEY` with key `SYSTEM` is Google itself (stored, never judged); another key is an OAuth consumer key;
 * - a `…gserviceaccount.com` actor e-mail is a service account (found by its email attribute);
 * - anyone else is a person, judged only by detections about the event's target.
 */

type Obj = Record<string, unknown>;

const str = nonBlankText;
const text = (v: unknown): string | null => (typeof v === 'number' ? String(v) : str(v));

/** A parameter's value: `value`, else the first of `multiValue`. */
function param(parameters: unknown, name: string): string | null {
  if (!Array.isArray(parameters)) return null;
  const p = parameters.find((x) => isJsonObject(x) && x.name === name) as Obj | undefined;
  if (!p) return null;
  return text(p.value) ?? (Array.isArray(p.multiValue) ? text(p.multiValue[0]) : null);
}

/** A Reports format whose events carry `tenant` (the tenant a collector read), else the activity's customerId. */
export function googleReportsFormatFor(tenant: string | null): ActivityFormat {
  return {
    id: 'google-reports',
    title: 'Google Workspace Reports activities (activities.list items: token, admin, login …), JSON lines or pages',
    thread: { module: import.meta.url, exportName: 'googleReportsFormat' },
    parse(record: unknown): ActivityEvent[] {
      if (!isJsonObject(record)) throw new RecordRejected('not a JSON object');
      return activityEvents(record, tenant);
    },
  };
}

export const googleReportsFormat: ActivityFormat = googleReportsFormatFor(null);

function activityEvents(r: Obj, tenant: string | null): ActivityEvent[] {
  const id = obj(r.id);
  const app = str(id.applicationName);
  const at = str(id.time);
  const qualifier = text(id.uniqueQualifier);
  const events = Array.isArray(r.events) ? r.events.filter(isJsonObject) : isJsonObject(r.events) ? [r.events] : [];
  if (!app || !at || !qualifier || events.length === 0)
    throw new RecordRejected(
      'not a Reports activity (id.applicationName, id.time, id.uniqueQualifier or events missing)',
    );
  const time = Date.parse(at);
  if (Number.isNaN(time)) throw new RecordRejected(`id.time is not a time (activity ${qualifier.slice(0, 64)})`);
  const seen = new Map<string, number>();
  return events.map((e) => {
    const name = str(e.name) ?? 'unknown';
    const operation = `${app}:${name}`;
    const repeat = seen.get(name) ?? 0;
    seen.set(name, repeat + 1);
    const tags = reportTags(operation) ?? NO_TAGS;
    const target = targetOf(app, e.parameters, r);
    return activityEvent({
      id: `${app}:${at}:${qualifier}:${name}${repeat > 0 ? `#${repeat}` : ''}`,
      platform: 'google',
      tenant: tenant ?? str(id.customerId) ?? '',
      time,
      classUid:
        app === 'login' || operation === 'token:authorize' ? EVENT_CLASS.authentication : EVENT_CLASS.apiActivity,
      operation,
      actor: actorOf(app, e.parameters, obj(r.actor)),
      sourceIp: str(r.ipAddress),
      userAgent: null,
      success: !/_failure$/.test(name),
      target: target.name,
      targetKeys: target.keys,
      tags,
    });
  });
}

/**
 * What an event acted on: the client domain-wide delegation was granted to or removed from (its client id is an
 * inventory key), the user a role was assigned to, or (token events) the user whose data the client reached.
 */
function targetOf(app: string, parameters: unknown, r: Obj): { name: string | null; keys: readonly string[] } {
  const client = app === 'admin' ? param(parameters, DWD_PARAMS.clientId) : null;
  if (client) return { name: client, keys: [client] };
  const user = param(parameters, 'USER_EMAIL') ?? (app === 'token' ? str(obj(r.actor).email) : null);
  return user ? { name: user, keys: [`email=${user.toLowerCase()}`] } : { name: null, keys: NO_KEYS };
}

const SERVICE_ACCOUNT = /\.gserviceaccount\.com$/i;

function actorOf(app: string, parameters: unknown, actor: Obj): EventActor {
  const email = str(actor.email)?.toLowerCase() ?? null;
  const clientId = app === 'token' ? param(parameters, 'client_id') : null;
  if (clientId) {
    const name = param(parameters, 'app_name') ?? clientId;
    return { principal: clientId, name, keys: [clientId], programmatic: true, vendorService: false };
  }
  const info = obj(actor.applicationInfo);
  const delegated = str(info.oauthClientId);
  if (delegated) {
    // The client acted as `email` (impersonation): the client is the NHI, the user its disguise.
    const name = str(info.applicationName) ?? delegated;
    return { principal: delegated, name, keys: [delegated], programmatic: true, vendorService: false };
  }
  const key = str(actor.key);
  if (str(actor.callerType) === 'KEY' && key) {
    if (key === 'SYSTEM')
      return { principal: 'SYSTEM', name: 'Google', keys: NO_KEYS, programmatic: false, vendorService: true };
    return { principal: `key:${key}`, name: key, keys: [key], programmatic: true, vendorService: false };
  }
  const profileId = text(actor.profileId);
  const principal = email ?? (profileId ? `profile:${profileId}` : 'unknown');
  if (email && SERVICE_ACCOUNT.test(email))
    return { principal, name: email, keys: [`email=${email}`], programmatic: true, vendorService: false };
  const keys = [email, profileId].filter((k): k is string => k !== null);
  return {
    principal,
    name: principal,
    keys: keys.length ? keys : NO_KEYS,
    programmatic: false,
    vendorService: false,
    person: true,
  };
}
