import type { FillableField, StaleField } from '../../../model/index.js';
import type { SourceSpec } from '../../../sync/sources.js';

/** Source ids of the Entra connector (docs/connectors/entra.md "Sources"). */
export const SOURCE = {
  servicePrincipals: 'service-principals',
  applications: 'applications',
  owners: 'owners',
  appRoleAssignments: 'app-role-assignments',
  grants: 'oauth2-permission-grants',
  users: 'users',
  federatedCredentials: 'federated-identity-credentials',
  signIns: 'sign-in-activity',
  directoryRoles: 'directory-role-assignments',
  agentIdentities: 'agent-identities',
  riskyServicePrincipals: 'risky-service-principals',
  credentialSignIns: 'credential-sign-in-activity',
} as const;
export type EntraSourceId = (typeof SOURCE)[keyof typeof SOURCE];

/** Agent identities are service principals and blueprints applications: what fills those fills them too. */
const BOTH = ['application', 'servicePrincipal', 'agentIdentityBlueprint', 'agentIdentity'];

/** What the agent identity source fills on agent identities. */
const AGENT_FIELDS: FillableField[] = ['ownerClaims', 'attributes.sponsorCount', 'attributes.agentIdentityBlueprintId'];

/** What the risky service principal source fills. */
const RISK_FIELDS: FillableField[] = [
  'attributes.riskLevel',
  'attributes.riskState',
  'attributes.riskDetail',
  'attributes.riskLastUpdatedAt',
];

/**
 * What the connector reads. Permissions are Graph application permissions (least privileged, per Graph's API
 * pages). Expanded relationships ride on the listing of their parent (`$expand` on `GET /servicePrincipals` or
 * `GET /applications`), so those sources name the parent listing after their own per-object call.
 */
export const ENTRA_SOURCES: readonly SourceSpec[] = [
  {
    id: SOURCE.servicePrincipals,
    title: 'service principals (third-party apps, managed identities, home apps’ principals)',
    endpoints: ['GET /servicePrincipals', 'GET /servicePrincipals/delta', 'GET /servicePrincipals/{id}'],
    permission: 'Application.Read.All',
    required: true,
    lists: ['servicePrincipal', 'agentIdentity'],
  },
  {
    id: SOURCE.applications,
    title: 'app registrations of this tenant, with their secrets and certificates',
    endpoints: ['GET /applications', 'GET /applications/delta', 'GET /applications/{id}'],
    permission: 'Application.Read.All',
    required: true,
    lists: ['application', 'agentIdentityBlueprint'],
  },
  {
    // Owners come expanded on both listings; only objects at the 20-item cap are asked per object. A failed
    // object is emitted with its owner fields marked stale (no `fills`: nothing to keep for everyone else).
    id: SOURCE.owners,
    title: 'owners of applications and service principals beyond the $expand cap',
    endpoints: ['GET /applications/{id}/owners', 'GET /servicePrincipals/{id}/owners'],
    permission: 'Application.Read.All',
    required: false,
  },
  {
    id: SOURCE.appRoleAssignments,
    title: 'application permissions (app role assignments held by service principals)',
    endpoints: ['GET /servicePrincipals/{id}/appRoleAssignments', 'GET /servicePrincipals'],
    permission: 'Application.Read.All',
    required: false,
    fills: { nativeTypes: BOTH, fields: ['permissions'] },
  },
  {
    id: SOURCE.grants,
    title: 'delegated permission grants (consents)',
    endpoints: ['GET /oauth2PermissionGrants/delta', 'GET /servicePrincipals/{id}/oauth2PermissionGrants'],
    permission: 'Directory.Read.All',
    required: false,
    // A consent also names the consenting user as a possible owner.
    fills: { nativeTypes: BOTH, fields: ['permissions', 'ownerClaims', 'attributes.consentingUserCount'] },
  },
  {
    id: SOURCE.users,
    title: 'users (people, managers, consenting users’ addresses)',
    endpoints: ['GET /users/delta', 'GET /users/{id}'],
    permission: 'User.Read.All',
    required: false,
    people: true,
  },
  {
    id: SOURCE.federatedCredentials,
    title: 'federated identity credentials of applications',
    endpoints: ['GET /applications/{id}/federatedIdentityCredentials', 'GET /applications'],
    permission: 'Application.Read.All',
    required: false,
    fills: { nativeTypes: ['application', 'agentIdentityBlueprint'], fields: ['credentials'] },
  },
  {
    id: SOURCE.signIns,
    title: 'service principal sign-in activity report (beta)',
    endpoints: ['GET /reports/servicePrincipalSignInActivities'],
    permission: 'AuditLog.Read.All (and a Microsoft Entra ID P1 or P2 licence)',
    required: false,
    fills: {
      nativeTypes: BOTH,
      fields: ['lastUsedAt', 'attributes.signInActivity', 'attributes.lastUsedAsResourceAt'],
    },
  },
  {
    // Directory roles (Global Administrator...) held by service principals: invisible in app role assignments.
    id: SOURCE.directoryRoles,
    title: 'directory role assignments of service principals, with the role definitions that name them',
    endpoints: ['GET /roleManagement/directory/roleAssignments', 'GET /roleManagement/directory/roleDefinitions'],
    permission: 'RoleManagement.Read.Directory',
    required: false,
    fills: { nativeTypes: BOTH, fields: ['permissions'] },
  },
  {
    // Entra Agent ID (v1.0): the sponsor is the person accountable for an agent, its owner here.
    id: SOURCE.agentIdentities,
    title: 'agent identities (Entra Agent ID) with their blueprint and sponsors',
    endpoints: [
      'GET /servicePrincipals/microsoft.graph.agentIdentity',
      'GET /servicePrincipals/{id}/microsoft.graph.agentIdentity',
      'GET /servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors',
    ],
    permission: 'AgentIdentity.Read.All',
    required: false,
    fills: { nativeTypes: ['agentIdentity'], fields: AGENT_FIELDS },
  },
  {
    // Identity Protection's rating of workload identities: a 403 is the usual answer without the licence.
    id: SOURCE.riskyServicePrincipals,
    title: 'risky service principals (Microsoft Entra ID Protection for workload identities)',
    endpoints: ['GET /identityProtection/riskyServicePrincipals'],
    permission: 'IdentityRiskyServicePrincipal.Read.All (and a Microsoft Entra Workload ID Premium licence)',
    required: false,
    fills: { nativeTypes: BOTH, fields: RISK_FIELDS },
  },
  {
    // Beta, off unless options.beta.credentialSignInActivity: switched off, it fills nothing and keeps nothing.
    id: SOURCE.credentialSignIns,
    title: 'per-credential sign-in activity report (beta; option beta.credentialSignInActivity)',
    endpoints: ['GET /reports/appCredentialSignInActivities'],
    permission: 'AuditLog.Read.All (and a Microsoft Entra ID P1 or P2 licence)',
    required: false,
    fills: { nativeTypes: BOTH, fields: ['credentials'] },
  },
];

const staleOf = (source: EntraSourceId, fields: FillableField[]): readonly StaleField[] =>
  fields.map((field) => ({ field, source }));

/** The fields one identity keeps from the store when a per-object call of a source failed for it. */
export const STALE_WHEN_FAILED = {
  owners: staleOf(SOURCE.owners, ['ownerClaims', 'attributes.explicitOwnerCount', 'attributes.nonUserOwners']),
  assignments: staleOf(SOURCE.appRoleAssignments, ['permissions']),
  grants: staleOf(SOURCE.grants, ['permissions', 'ownerClaims', 'attributes.consentingUserCount']),
  directoryRoles: staleOf(SOURCE.directoryRoles, ['permissions']),
  federatedCredentials: staleOf(SOURCE.federatedCredentials, ['credentials']),
  /** An agent identity's sponsors could not be read (or it was not in the agent identity list). */
  agentIdentity: staleOf(SOURCE.agentIdentities, AGENT_FIELDS),
  /** A consenting user's address could not be read: the consent claim would name a bare object id. */
  consenter: staleOf(SOURCE.users, ['ownerClaims']),
  /** A sign-in report entry was malformed: this app's last use is unknown. */
  signIns: staleOf(SOURCE.signIns, ['lastUsedAt', 'attributes.signInActivity', 'attributes.lastUsedAsResourceAt']),
  /** A risky service principal entry was malformed: which principal it rated is unknown. */
  risks: staleOf(SOURCE.riskyServicePrincipals, RISK_FIELDS),
  /** A per-credential sign-in entry was malformed: which credential it dated is unknown. */
  credentialSignIns: staleOf(SOURCE.credentialSignIns, ['credentials']),
  /** A resource's app roles could not be read: permission names would be bare role ids. */
  resource: staleOf(SOURCE.servicePrincipals, ['permissions']),
  /** A home application's service principal was quarantined: what the principal holds is unknown. */
  homeServicePrincipal: staleOf(SOURCE.servicePrincipals, [
    'permissions',
    'credentials',
    'ownerClaims',
    'enabled',
    'attributes.servicePrincipalId',
    'attributes.servicePrincipalType',
    'attributes.appOwnerOrganizationId',
    'attributes.hasServicePrincipal',
    'attributes.explicitOwnerCount',
    'attributes.nonUserOwners',
    'attributes.consentingUserCount',
    ...RISK_FIELDS,
  ]),
} as const;

/** Graph secret-bearing fields: `secretText` (addPassword answers), `key` (a Symmetric keyCredential's value). */
export const ENTRA_SECRET_FIELDS: readonly string[] = ['secretText', 'key'];
