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

/** The directory object owning `objectId` that is a user: the admin a credential add or consent is logged against. */
function initiator(data: EntraTenantData, objectId: string) {
  const users = new Map(data.users.map((u) => [u.id, u]));
  const owner = (data.owners[objectId] ?? []).map((id) => users.get(id)).find(Boolean) ?? data.users[0];
  return {
    user: owner
      ? { id: owner.id, displayName: owner.displayName, userPrincipalName: owner.userPrincipalName, ipAddress: '' }
      : null,
    app: null,
  };
}

function auditRecord(data: EntraTenantData, target: Target, activity: string, at: string, change: object) {
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
    initiatedBy: initiator(data, target.id),
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

function credentialAudits(data: EntraTenantData, owner: GraphApplication | GraphServicePrincipal, target: Target) {
  const activity =
    target.type === 'Application'
      ? 'Update application – Certificates and secrets management '
      : 'Add service principal credentials';
  return [...owner.passwordCredentials, ...owner.keyCredentials]
    .filter((c) => c.startDateTime)
    .map((c) => auditRecord(data, target, activity, c.startDateTime as string, { keyDescription: keyDescription(c) }));
}

/**
 * directoryAudit records derived from the estate: every secret or certificate added to an application or a
 * service principal (dated by its start), and each consent grant (dated by its client application's creation).
 */
export function directoryAudits(data: EntraTenantData) {
  const created = new Map(data.applications.map((a) => [a.appId, a.createdDateTime]));
  const sps = new Map(data.servicePrincipals.map((sp) => [sp.id, sp]));
  const records = [
    ...data.applications.flatMap((a) =>
      credentialAudits(data, a, { id: a.id, displayName: a.displayName, type: 'Application' }),
    ),
    ...data.servicePrincipals.flatMap((sp) =>
      credentialAudits(data, sp, { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' }),
    ),
    ...data.oauth2PermissionGrants.flatMap((g) => {
      const sp = sps.get(g.clientId);
      if (!sp) return [];
      const at = created.get(sp.appId) ?? data.now;
      const target: Target = { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' };
      return [auditRecord(data, target, 'Consent to application', at, { scope: g.scope, consentType: g.consentType })];
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
