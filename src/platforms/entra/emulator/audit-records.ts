import { createHash } from 'node:crypto';
import type {
  EntraTenantData,
  GraphApplication,
  GraphKeyCredential,
  GraphPasswordCredential,
  GraphServicePrincipal,
} from '../estate/types.js';
import { credentialSignIns } from './routes/reports.js';

/** A stable GUID for a derived record: the same estate serves the same audit and sign-in ids on every run. */
function guidOf(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Target = { id: string; displayName: string; type: 'Application' | 'ServicePrincipal' };
type Credential = GraphPasswordCredential | GraphKeyCredential;

/** The tenant's indexes the derived audits read, built once per listing (not once per record). */
function lookupsOf(data: EntraTenantData) {
  const consenters = new Map<string, string[]>();
  for (const g of data.oauth2PermissionGrants)
    if (g.consentType === 'Principal' && g.principalId)
      consenters.set(g.clientId, [...(consenters.get(g.clientId) ?? []), g.principalId]);
  return {
    users: new Map(data.users.map((u) => [u.id, u])),
    spById: new Map(data.servicePrincipals.map((sp) => [sp.id, sp])),
    spByAppId: new Map(data.servicePrincipals.map((sp) => [sp.appId, sp])),
    appById: new Map(data.applications.map((a) => [a.id, a])),
    appByAppId: new Map(data.applications.map((a) => [a.appId, a])),
    consenters,
  };
}
type Lookups = ReturnType<typeof lookupsOf>;

/**
 * Who a credential add or consent is logged against: the identity's owner as the estate decides it — an agent's
 * sponsors, then the owners of the application and of its service principal, else the one user who consented — so
 * the estate's own audits show owners managing their identities (a stranger doing that is planted activity).
 */
function ownerIds(data: EntraTenantData, l: Lookups, target: Target): string[] {
  const app = target.type === 'Application' ? l.appById.get(target.id) : undefined;
  const sp = app ? l.spByAppId.get(app.appId) : l.spById.get(target.id);
  const appId = app?.id ?? (sp ? l.appByAppId.get(sp.appId)?.id : undefined);
  // Owners may be service principals too: only users are people who could have done it.
  const explicit = [
    ...(sp ? (data.sponsors?.[sp.id] ?? []) : []),
    ...(appId ? (data.owners[appId] ?? []) : []),
    ...(sp ? (data.owners[sp.id] ?? []) : []),
  ].filter((id) => l.users.has(id));
  if (explicit.length || !sp) return explicit;
  const consenters = l.consenters.get(sp.id) ?? [];
  return consenters.length === 1 ? consenters : [];
}

/** The owner, else an admin (the first user): an identity nobody owns had its credentials added by one. */
function initiator(data: EntraTenantData, l: Lookups, target: Target) {
  const owner =
    ownerIds(data, l, target)
      .map((id) => l.users.get(id))
      .find(Boolean) ?? data.users[0];
  return {
    user: owner
      ? { id: owner.id, displayName: owner.displayName, userPrincipalName: owner.userPrincipalName, ipAddress: '' }
      : null,
    app: null,
  };
}

function auditRecord(data: EntraTenantData, l: Lookups, target: Target, activity: string, at: string, change: object) {
  const id = `Directory_${guidOf(target.id, activity, at)}`;
  return {
    id,
    category: 'ApplicationManagement',
    correlationId: guidOf(id, 'correlation'),
    result: 'success',
    resultReason: '',
    activityDisplayName: activity,
    activityDateTime: at,
    loggedByService: 'Core Directory',
    operationType: activity.startsWith('Add') ? 'Add' : 'Update',
    initiatedBy: initiator(data, l, target),
    targetResources: [
      {
        id: target.id,
        displayName: target.displayName,
        type: target.type,
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify([change]) }],
      },
    ],
    additionalDetails: [{ key: 'User-Agent', value: 'EvoSTS' }],
  };
}

/** What Entra writes about a credential in KeyDescription: its key id, type and usage (never the secret). */
function keyDescription(c: Credential): string {
  const type = 'type' in c ? c.type : 'Password';
  const usage = 'usage' in c ? c.usage : 'Verify';
  return `[KeyIdentifier=${c.keyId},KeyType=${type},KeyUsage=${usage},DisplayName=${c.displayName ?? ''}]`;
}

function credentialAudits(
  data: EntraTenantData,
  l: Lookups,
  holder: GraphApplication | GraphServicePrincipal,
  target: Target,
) {
  const activity =
    target.type === 'Application'
      ? 'Update application – Certificates and secrets management '
      : 'Add service principal credentials';
  return [...holder.passwordCredentials, ...holder.keyCredentials]
    .filter((c) => c.startDateTime)
    .map((c) =>
      auditRecord(data, l, target, activity, c.startDateTime as string, { keyDescription: keyDescription(c) }),
    );
}

/**
 * directoryAudit records derived from the estate: every secret or certificate added to an application or a
 * service principal (dated by its start), and each consent grant (dated by its client application's creation).
 */
export function directoryAudits(data: EntraTenantData) {
  const l = lookupsOf(data);
  const records = [
    ...data.applications.flatMap((a) =>
      credentialAudits(data, l, a, { id: a.id, displayName: a.displayName, type: 'Application' }),
    ),
    ...data.servicePrincipals.flatMap((sp) =>
      credentialAudits(data, l, sp, { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' }),
    ),
    ...data.oauth2PermissionGrants.flatMap((g) => {
      const sp = l.spById.get(g.clientId);
      if (!sp) return [];
      const at = l.appByAppId.get(sp.appId)?.createdDateTime ?? data.now;
      const target: Target = { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' };
      const change = { scope: g.scope, consentType: g.consentType };
      return [auditRecord(data, l, target, 'Consent to application', at, change)];
    }),
  ];
  return records.sort((x, y) => y.activityDateTime.localeCompare(x.activityDateTime));
}

const EMPTY_DEVICE = {
  deviceId: '',
  displayName: '',
  operatingSystem: '',
  browser: '',
  isCompliant: false,
  isManaged: false,
  trustType: '',
};

/** A beta signIn of a service principal (client credentials flow): no user, not interactive, no MFA. */
function servicePrincipalSignIn(sp: GraphServicePrincipal, at: string, requestId: string | null, keyId: string) {
  const id = requestId ?? guidOf(sp.id, at);
  return {
    id,
    createdDateTime: at,
    userDisplayName: '',
    userPrincipalName: '',
    userId: '',
    appId: sp.appId,
    appDisplayName: sp.appDisplayName,
    servicePrincipalId: sp.id,
    servicePrincipalName: sp.displayName,
    servicePrincipalCredentialKeyId: keyId,
    servicePrincipalCredentialThumbprint: '',
    signInEventTypes: ['servicePrincipal'],
    authenticationRequirement: 'singleFactorAuthentication',
    ipAddress: '20.190.128.1',
    clientAppUsed: '',
    authenticationDetails: [],
    correlationId: guidOf(id, 'correlation'),
    conditionalAccessStatus: 'notApplied',
    isInteractive: false,
    tokenIssuerName: '',
    tokenIssuerType: 'AzureAD',
    processingTimeInMilliseconds: 42,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    resourceDisplayName: 'Microsoft Graph',
    resourceId: '00000003-0000-0000-c000-000000000000',
    status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
    deviceDetail: EMPTY_DEVICE,
    location: {
      city: '',
      state: '',
      countryOrRegion: '',
      geoCoordinates: { altitude: null, latitude: 0, longitude: 0 },
    },
    appliedConditionalAccessPolicies: [],
    authenticationProcessingDetails: [],
    networkLocationDetails: [],
  };
}

/** Service principal sign-ins: each application's last client sign-in, with the credential it used. */
export function servicePrincipalSignIns(data: EntraTenantData) {
  const spByAppId = new Map(data.servicePrincipals.map((sp) => [sp.appId, sp]));
  const keyOf = new Map(credentialSignIns(data).map((c) => [c.appId, c.keyId]));
  return data.signInActivities
    .flatMap((a) => {
      const sp = spByAppId.get(a.appId);
      const at = a.applicationAuthenticationClientSignInActivity.lastSignInDateTime;
      if (!sp || !at) return [];
      return [servicePrincipalSignIn(sp, at, a.lastSignInActivity.lastSignInRequestId, keyOf.get(a.appId) ?? '')];
    })
    .sort((x, y) => y.createdDateTime.localeCompare(x.createdDateTime));
}
