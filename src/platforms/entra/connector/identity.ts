import {
  type CredentialInput,
  identityId,
  type IdentityInput,
  type OwnerClaim,
  type PermissionInput,
  type StaleField,
} from '../../../model/index.js';
import type { EntraIdentityFacts } from '../facts.js';
import {
  type AgentInfo,
  isAgentBlueprint,
  isAgentIdentity,
  sponsorCount,
  transformSponsors,
} from './agent-identities.js';
import { applicationPublisher, instanceLockCoversCredentials } from './applications.js';
import { transformAppRoleAssignments, type ResourceInfo } from './app-role-assignments.js';
import { withCredentialUse } from './credential-sign-ins.js';
import { transformPasswordAndKeyCredentials } from './credentials.js';
import { graphDate } from './dates.js';
import { transformFederatedIdentityCredentials } from './federated-credentials.js';
import type {
  WireApplication,
  WireAppRoleAssignment,
  WireDirectoryObject,
  WireFederatedIdentityCredential,
  WireOAuth2PermissionGrant,
  WireServicePrincipal,
  WireRiskyServicePrincipal,
  WireServicePrincipalSignInActivity,
  WireUnifiedRoleAssignment,
} from './graph-types.js';
import { type RoleDefinitionInfo, transformDirectoryRoleAssignments } from './directory-roles.js';
import { consentingUserIds, transformOAuth2PermissionGrants } from './oauth2-permission-grants.js';
import { consentingUserClaim, transformOwners } from './owners.js';
import {
  managedIdentityResource,
  managedIdentityType,
  servicePrincipalPublisher,
  type ServicePrincipalClass,
} from './service-principals.js';
import { transformRisk } from './risky-service-principals.js';
import { SIGN_IN_SOURCE, transformSignInActivity } from './sign-in-activity.js';
import { guardPayload, idOf } from '../../../lib/payload.js';

/** Everything Graph says about one NHI: an application and/or its service principal, plus what hangs off them. */
export interface IdentityParts {
  tenant: string;
  application: WireApplication | null;
  servicePrincipal: WireServicePrincipal | null;
  spClass: ServicePrincipalClass | null;
  appOwners: WireDirectoryObject[];
  spOwners: WireDirectoryObject[];
  federatedCredentials: WireFederatedIdentityCredential[];
  appRoleAssignments: WireAppRoleAssignment[];
  grants: WireOAuth2PermissionGrant[];
  /** Directory role assignments whose principal is the service principal (none when absent). */
  directoryRoleAssignments?: WireUnifiedRoleAssignment[];
  /** An agent identity's blueprint and sponsors (agent identity source); null or absent when unknown. */
  agent?: AgentInfo | null;
  /** Role definitions by id, that directory role assignments are named by. */
  roleDefinitions?: ReadonlyMap<string, RoleDefinitionInfo>;
  resources: Map<string, ResourceInfo>;
  userLookup: (id: string) => { mail?: string | null; userPrincipalName?: string | null } | undefined;
  signIn: WireServicePrincipalSignInActivity | undefined;
  /** False when the sign-in activity report could not be read (licence/permission): lastUsedSource stays null. */
  signInTracked: boolean;
  /** Identity Protection's rating of the service principal, and whether the risky list was read at all. */
  risk?: WireRiskyServicePrincipal;
  riskTracked?: boolean;
  /** Last use per credential key (beta per-credential report); null or absent when it was not read. */
  credentialUses?: ReadonlyMap<string, string> | null;
  /** Fields a failed per-object call left unknown for this identity (the store keeps their last values). */
  stale?: StaleField[];
}

/**
 * Agent ID objects get their own nativeType; their identity ids keep Graph's base type (application,
 * servicePrincipal), which is all a delta round's removal says about an object.
 */
function nativeTypeOf(p: IdentityParts): string {
  if (p.application) return isAgentBlueprint(p.application) ? 'agentIdentityBlueprint' : 'application';
  return isAgentIdentity(p.servicePrincipal) ? 'agentIdentity' : 'servicePrincipal';
}

export function entraIdentityIdFor(
  tenant: string,
  parts: { application: { id: string } | null; servicePrincipal: { id: string } | null },
): string {
  return parts.application
    ? identityId('entra', tenant, 'application', parts.application.id)
    : identityId('entra', tenant, 'servicePrincipal', (parts.servicePrincipal as { id: string }).id);
}

/** Builds the normalized identity (see docs/connectors/entra.md for the mapping). Pure. */
function assembleIdentityUnguarded(p: IdentityParts): IdentityInput {
  const app = p.application;
  const sp = p.servicePrincipal;
  if (!app && !sp) throw new Error('assembleIdentity needs an application or a service principal');
  const id = entraIdentityIdFor(p.tenant, p);
  const managed = p.spClass === 'managed_identity';
  const thirdParty = !app && p.spClass === 'third_party';
  const owners = ownersOf(p);
  const usage = transformSignInActivity(p.signIn);
  const appId = app?.appId ?? sp?.appId ?? null;
  return {
    id,
    platform: 'entra',
    tenant: p.tenant,
    kind: app ? 'service_account' : managed ? 'workload_identity' : thirdParty ? 'oauth_app' : 'service_account',
    nativeType: nativeTypeOf(p),
    nativeId: app ? app.id : (sp as WireServicePrincipal).id,
    name: app?.displayName ?? sp?.displayName ?? sp?.appDisplayName ?? appId ?? id,
    createdAt: graphDate(app?.createdDateTime),
    createdBy: null,
    lastUsedAt: p.signInTracked ? usage.lastUsedAt : null,
    lastUsedSource: p.signInTracked ? SIGN_IN_SOURCE : null,
    enabled: sp ? sp.accountEnabled !== false : true,
    publisher: app ? applicationPublisher(app) : sp ? servicePrincipalPublisher(sp) : null,
    thirdParty,
    interactive: false,
    environment: null,
    attributes: {
      appId,
      applicationObjectId: app?.id ?? null,
      servicePrincipalId: sp?.id ?? null,
      servicePrincipalType: sp?.servicePrincipalType ?? null,
      appOwnerOrganizationId: sp?.appOwnerOrganizationId ?? null,
      signInAudience: app?.signInAudience ?? sp?.signInAudience ?? null,
      instanceLockOnCredentials: app ? instanceLockCoversCredentials(app) : null,
      hasServicePrincipal: !!sp,
      managedIdentityResource: managed && sp ? managedIdentityResource(sp) : null,
      managedIdentityType: managed && sp ? managedIdentityType(sp) : null,
      explicitOwnerCount: owners.claims.length + owners.nonUserOwners.length,
      nonUserOwners: owners.nonUserOwners,
      consentingUserCount: consentingUserIds(p.grants).length,
      signInActivity: usage.detail,
      lastUsedAsResourceAt: p.signInTracked ? usage.lastUsedAsResourceAt : null,
      agentIdentityBlueprintId: p.agent?.blueprintId ?? null,
      sponsorCount: isAgentIdentity(sp) && p.agent ? sponsorCount(p.agent.sponsors) : null,
      ...transformRisk(p.risk, !!sp, p.riskTracked === true),
    } satisfies EntraIdentityFacts,
    credentials: credentialsOf(p, id),
    permissions: permissionsOf(p),
    ownerClaims: ownerClaimsOf(p, owners.claims),
    stale: p.stale ?? [],
  };
}

/** Secrets and certificates of the application, its federated credentials, then those set on the SP itself. */
function credentialsOf(p: IdentityParts, id: string): CredentialInput[] {
  const app = p.application;
  const sp = p.servicePrincipal;
  return withCredentialUse(
    [
      ...(app ? transformPasswordAndKeyCredentials(id, app, 'application') : []),
      ...(app ? transformFederatedIdentityCredentials(id, p.federatedCredentials) : []),
      ...(sp ? transformPasswordAndKeyCredentials(id, sp, 'servicePrincipal') : []),
    ],
    p.credentialUses ?? null,
  );
}

/** Permissions are held by the service principal: application permissions, delegated ones, then directory roles. */
function permissionsOf(p: IdentityParts): PermissionInput[] {
  if (!p.servicePrincipal) return [];
  return [
    ...transformAppRoleAssignments(p.appRoleAssignments, p.resources),
    ...transformOAuth2PermissionGrants(p.grants, p.resources),
    ...transformDirectoryRoleAssignments(p.directoryRoleAssignments ?? [], p.roleDefinitions ?? NO_DEFINITIONS),
  ];
}

const NO_DEFINITIONS: ReadonlyMap<string, RoleDefinitionInfo> = new Map();

/** Owners of the application, then of the service principal. */
function ownersOf(p: IdentityParts): { claims: OwnerClaim[]; nonUserOwners: string[] } {
  const none = { claims: [], nonUserOwners: [] };
  const app = p.application ? transformOwners(p.appOwners, 'application', p.application.id) : none;
  const sp = p.servicePrincipal ? transformOwners(p.spOwners, 'servicePrincipal', p.servicePrincipal.id) : none;
  return { claims: [...app.claims, ...sp.claims], nonUserOwners: [...app.nonUserOwners, ...sp.nonUserOwners] };
}

/** An agent's sponsors first, then explicit owners; without either, the one user who consented for themselves. */
function ownerClaimsOf(p: IdentityParts, ownerClaims: OwnerClaim[]): OwnerClaim[] {
  const sp = p.servicePrincipal;
  const sponsors = sp && p.agent ? transformSponsors(p.agent.sponsors, sp.id) : [];
  const claims = [...sponsors, ...ownerClaims];
  return claims.length === 0 && sp ? consentClaim(p, sp.id) : claims;
}

/** Without explicit owners, the one user who consented for themselves is the best guess. */
function consentClaim(p: IdentityParts, spId: string): OwnerClaim[] {
  return consentingUserClaim(consentingUserIds(p.grants), p.userLookup, spId);
}

/** assembleIdentity with malformed-payload errors naming the object (src/lib/payload.ts). */
export const assembleIdentity = guardPayload(
  (p: IdentityParts) =>
    p.application
      ? `Entra application ${idOf(p.application.id)}`
      : `Entra servicePrincipal ${idOf(p.servicePrincipal?.id)}`,
  assembleIdentityUnguarded,
);
