import {
  EVENT_CLASS,
  NO_KEYS,
  NO_TAGS,
  RecordRejected,
  type ActivityEvent,
  type ActivityFormat,
  type EventActor,
  type EventTag,
  isJsonObject,
  nonBlankText,
} from '../../../monitoring/event.js';
import { activityKey, activityTags, SECRETS_MANAGEMENT } from './audit-operations.js';

/**
 * Entra ID directory audits → events. Reads the Microsoft Graph `directoryAudit` resource
 * (https://learn.microsoft.com/graph/api/resources/directoryaudit: `id`, `category`, `activityDisplayName`,
 * `activityDateTime`, `result`, `initiatedBy.user` / `initiatedBy.app`, `targetResources` with `modifiedProperties`,
 * `additionalDetails`) in three shapes: bare (one per line, or a Graph page's `value`), inside the Azure Monitor
 * diagnostic-settings envelope (`category` AuditLogs, the directoryAudit in `properties`, `tenantId` beside it), and
 * as a Log Analytics `AuditLogs` table row (PascalCase columns, `InitiatedBy` / `TargetResources` as JSON text).
 *
 * The actor is the user or application that initiated the change; the TARGET is the application or service
 * principal it changed (for a permission grant, the client service principal that received it), given as target keys
 * for the pipeline to resolve to the inventory.
 */

type Obj = Record<string, unknown>;

const str = nonBlankText;
const isObj = isJsonObject;

/** A field by its Graph (camelCase) or Log Analytics (PascalCase) name; JSON text is parsed (Log Analytics). */
function field(o: Obj, name: string): unknown {
  const v = o[name] ?? o[name[0].toUpperCase() + name.slice(1)];
  if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export const graphAuditsFormat: ActivityFormat = {
  id: 'graph-audits',
  title:
    'Entra ID directory audits (Graph directoryAudit, Azure Monitor AuditLogs export, or Log Analytics AuditLogs rows)',
  thread: { module: import.meta.url, exportName: 'graphAuditsFormat' },
  parse(record: unknown): ActivityEvent[] {
    if (!isObj(record)) throw new RecordRejected('not a JSON object');
    // A whole Graph page handed over as one value.
    if (Array.isArray(record.value)) return record.value.flatMap((inner) => graphAuditsFormat.parse(inner));
    const tenant = str(record.tenantId) ?? str(record.TenantId) ?? str(record.AADTenantId) ?? '';
    const audit = isObj(record.properties) ? record.properties : record;
    return [auditEvent(audit, tenant)];
  },
};

function auditEvent(a: Obj, tenant: string): ActivityEvent {
  const id = str(field(a, 'id'));
  const when = str(field(a, 'activityDateTime'));
  const activity = str(field(a, 'activityDisplayName')) ?? str(field(a, 'operationName'));
  if (!id || !when || !activity)
    throw new RecordRejected('not a directory audit (id, activityDateTime or activityDisplayName missing)');
  const time = Date.parse(when);
  if (Number.isNaN(time)) throw new RecordRejected(`activityDateTime is not a date (audit ${id.slice(0, 64)})`);
  const initiatedBy = field(a, 'initiatedBy');
  const actor = actorOf(isObj(initiatedBy) ? initiatedBy : {});
  const resources = field(a, 'targetResources');
  const target = targetOf(Array.isArray(resources) ? resources.filter(isObj) : []);
  const tags = tagsOf(activity, target, actor);
  const category = str(field(a, 'category')) ?? 'Directory';
  return {
    id,
    platform: 'entra',
    tenant,
    time,
    classUid: tags.includes('credential.create') ? EVENT_CLASS.accountChange : EVENT_CLASS.apiActivity,
    operation: `${category}:${activity.trim()}`,
    actor: actor.actor,
    sourceIp: actor.ip,
    userAgent: userAgentOf(field(a, 'additionalDetails')),
    success: str(field(a, 'result'))?.toLowerCase() === 'success',
    target: target.name,
    targetKeys: target.keys,
    tags,
    identityId: null,
    credentialId: null,
    targetIdentityId: null,
    asn: null,
    country: null,
    uaFamily: null,
  };
}

interface Initiator {
  actor: EventActor;
  ip: string | null;
  /** Ids of the acting application (lower-case), to tell a change to itself from a change to another. */
  self: readonly string[];
}

const lower = (v: unknown) => str(v)?.toLowerCase() ?? null;
const present = (...v: Array<string | null>) => v.filter((k): k is string => k !== null);

/** `initiatedBy.user` (a person), else `initiatedBy.app` (an NHI), else Entra itself (no user, no app ids). */
function actorOf(initiatedBy: Obj): Initiator {
  const user = isObj(initiatedBy.user) ? initiatedBy.user : null;
  const userId = lower(user?.id);
  if (user && userId) {
    const upn = lower(user.userPrincipalName);
    const name = str(user.userPrincipalName) ?? str(user.displayName) ?? userId;
    const actor = { principal: userId, name, keys: present(userId, upn), programmatic: false, vendorService: false };
    return { actor: { ...actor, person: true }, ip: str(user.ipAddress), self: NO_KEYS };
  }
  const app = isObj(initiatedBy.app) ? initiatedBy.app : null;
  const spId = lower(app?.servicePrincipalId);
  const appId = lower(app?.appId);
  if (app && (spId || appId)) {
    const name = str(app.servicePrincipalName) ?? str(app.displayName) ?? spId ?? (appId as string);
    const keys = present(spId, appId);
    const actor = { principal: keys[0], name, keys, programmatic: true, vendorService: false };
    return { actor, ip: null, self: keys };
  }
  const name = str(app?.displayName) ?? 'Entra ID';
  return {
    actor: { principal: `service:${name}`, name, keys: NO_KEYS, programmatic: true, vendorService: true },
    ip: null,
    self: NO_KEYS,
  };
}

interface Target {
  name: string | null;
  keys: readonly string[];
  /** Keys added to the target's credentials, from its KeyDescription before and after; null = not said. */
  keysAdded: number | null;
  /** Object ids of the service principals among the targets. */
  servicePrincipals: readonly string[];
}

const NHI_TYPES = new Set(['application', 'serviceprincipal']);
const resourceType = (r: Obj) => (str(r.type) ?? str(r.Type) ?? str(r['@odata.type']) ?? '').toLowerCase();

/**
 * The application or service principal changed. A permission grant names the resource (e.g. Microsoft Graph) first
 * and the client that received the permission in `ServicePrincipal.ObjectID`: the client is the target.
 */
function targetOf(resources: readonly Obj[]): Target {
  const nhis = resources.filter((r) => NHI_TYPES.has(resourceType(r).replace('#microsoft.graph.', '')));
  const first = nhis[0] ?? resources[0];
  if (!first) return { name: null, keys: NO_KEYS, keysAdded: null, servicePrincipals: NO_KEYS };
  const props = resources.flatMap((r) =>
    Array.isArray(r.modifiedProperties) ? r.modifiedProperties.filter(isObj) : [],
  );
  const prop = (name: string) => props.find((p) => p.displayName === name);
  const client = unquote(prop('ServicePrincipal.ObjectID')?.newValue);
  const keys = present(client, ...nhis.map((r) => lower(r.id)));
  const description = prop('KeyDescription');
  const keysAdded = description ? keyCount(description.newValue) - keyCount(description.oldValue) : null;
  const named = client ? (nhis.find((r) => lower(r.id) === client) ?? first) : first;
  const servicePrincipals = present(
    ...nhis.filter((r) => resourceType(r).endsWith('serviceprincipal')).map((r) => lower(r.id)),
  );
  return { name: str(named.displayName) ?? lower(named.id), keys: [...new Set(keys)], keysAdded, servicePrincipals };
}

/** A modified property's value as the log writes it: JSON text of a string (`"\"0d2f…\""`). */
function unquote(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  try {
    const parsed: unknown = JSON.parse(s);
    return lower(parsed);
  } catch {
    return s.toLowerCase();
  }
}

/** Keys a KeyDescription value lists (`[KeyIdentifier=…,KeyType=Password,…]` per key). */
function keyCount(v: unknown): number {
  return typeof v === 'string' ? (v.match(/KeyIdentifier=/g)?.length ?? 0) : 0;
}

function tagsOf(activity: string, target: Target, actor: Initiator): readonly EventTag[] {
  const key = activityKey(activity);
  let tags = activityTags(activity) ?? NO_TAGS;
  // Secrets and certificates "management" also logs removals: only an added key is a new credential.
  if (key === SECRETS_MANAGEMENT && target.keysAdded !== null && target.keysAdded <= 0) tags = NO_TAGS;
  // An application adding a credential to another service principal (not its own): a backdoor, as AWS's key for
  // another user. Only service principals compare (the actor is named by its service principal id and appId; an
  // application target by its object id, which the record does not tie to an appId).
  const other = target.servicePrincipals.length && !target.servicePrincipals.some((k) => actor.self.includes(k));
  if (tags.includes('credential.create') && actor.self.length && other) return [...tags, 'credential.other'];
  return tags;
}

function userAgentOf(details: unknown): string | null {
  if (!Array.isArray(details)) return null;
  const ua = details.find((d) => isObj(d) && d.key === 'User-Agent');
  return isObj(ua) ? str(ua.value) : null;
}
