import {
  EVENT_CLASS,
  NO_KEYS,
  NO_TAGS,
  RecordRejected,
  type ActivityEvent,
  type ActivityFormat,
  type EventTag,
} from '../../../monitoring/event.js';

/**
 * Entra ID sign-ins of service principals and managed identities → Authentication events. Reads the Microsoft Graph
 * `signIn` resource (https://learn.microsoft.com/graph/api/resources/signin: `id`, `createdDateTime`, `appId`,
 * `servicePrincipalId`, `servicePrincipalCredentialKeyId`, `ipAddress`, `status.errorCode`, `resourceDisplayName`,
 * `isInteractive`) either bare (Graph `auditLogs/signIns` pages' `value` items, one per line) or inside the Azure
 * Monitor diagnostic-settings envelope (`category` ServicePrincipalSignInLogs / ManagedIdentitySignInLogs, the
 * signIn in `properties`, `tenantId` beside it) that Event Hub and storage exports write.
 */

interface SignIn {
  id?: unknown;
  createdDateTime?: unknown;
  appId?: unknown;
  appDisplayName?: unknown;
  servicePrincipalId?: unknown;
  servicePrincipalName?: unknown;
  servicePrincipalCredentialKeyId?: unknown;
  ipAddress?: unknown;
  userAgent?: unknown;
  status?: { errorCode?: unknown } | null;
  resourceDisplayName?: unknown;
  isInteractive?: unknown;
  userId?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const INTERACTIVE: readonly EventTag[] = Object.freeze(['login.interactive'] as EventTag[]);

export const graphSignInsFormat: ActivityFormat = {
  id: 'graph-signins',
  title: 'Entra ID service principal and managed identity sign-ins (Graph signIn, or Azure Monitor export)',
  thread: { module: import.meta.url, exportName: 'graphSignInsFormat' },
  parse(record: unknown): ActivityEvent[] {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new RecordRejected('not a JSON object');
    const envelope = record as { category?: unknown; properties?: unknown; tenantId?: unknown; value?: unknown };
    // A whole Graph page handed over as one value.
    if (Array.isArray(envelope.value)) return envelope.value.flatMap((inner) => graphSignInsFormat.parse(inner));
    const inEnvelope = typeof envelope.properties === 'object' && envelope.properties !== null;
    const s = (inEnvelope ? envelope.properties : record) as SignIn;
    return [signInEvent(s, str(envelope.tenantId) ?? '')];
  },
};

function signInEvent(s: SignIn, tenant: string): ActivityEvent {
  const id = str(s.id);
  const when = str(s.createdDateTime);
  const spId = str(s.servicePrincipalId)?.toLowerCase() ?? null;
  const appId = str(s.appId)?.toLowerCase() ?? null;
  if (!id || !when || !(spId || appId))
    throw new RecordRejected(
      'not a sign-in of an application (id, createdDateTime, servicePrincipalId or appId missing)',
    );
  const time = Date.parse(when);
  if (Number.isNaN(time)) throw new RecordRejected(`createdDateTime is not a date (sign-in ${id.slice(0, 64)})`);
  const keyId = str(s.servicePrincipalCredentialKeyId)?.toLowerCase() ?? null;
  const name = str(s.servicePrincipalName) ?? str(s.appDisplayName) ?? spId ?? appId ?? '?';
  const keys = [keyId, spId, appId].filter((k): k is string => k !== null);
  return {
    id,
    platform: 'entra',
    tenant,
    time,
    classUid: EVENT_CLASS.authentication,
    operation: `signin:${str(s.resourceDisplayName) ?? 'unknown resource'}`,
    actor: { principal: spId ?? (appId as string), name, keys, programmatic: keyId !== null, vendorService: false },
    sourceIp: str(s.ipAddress),
    userAgent: str(s.userAgent),
    success: s.status?.errorCode === 0 || s.status?.errorCode === '0',
    target: null,
    targetKeys: NO_KEYS,
    tags: s.isInteractive === true ? INTERACTIVE : NO_TAGS,
    identityId: null,
    credentialId: null,
    targetIdentityId: null,
    asn: null,
    country: null,
    uaFamily: null,
  };
}
