import { z } from 'zod';
import {
  type CredentialFactsOf,
  type IdentityFactsOf,
  nativeTypeFacts,
  type PermissionFactsOf,
  type PlatformFacts,
} from '../../model/index.js';

/**
 * What the connector puts in `attributes` (connector/identity.ts and the transforms it calls). An application and a
 * service principal are built by the same transform, so both nativeTypes carry the same facts: an `application` is
 * an app registered in this tenant (merged with its home service principal, if any); a `servicePrincipal` is one
 * without an application here (third-party app, managed identity, orphaned home SP).
 */
const identity = {
  appId: z.string().nullable(),
  applicationObjectId: z.string().nullable(),
  servicePrincipalId: z.string().nullable(),
  /** Graph's servicePrincipalType: Application, ManagedIdentity, Legacy, SocialIdp, ServiceIdentity (agents). */
  servicePrincipalType: z.string().nullable(),
  appOwnerOrganizationId: z.string().nullable(),
  signInAudience: z.string().nullable(),
  /**
   * The application's app instance property lock (servicePrincipalLockConfiguration) is on for client credentials
   * (all properties, or credentialsWithUsageVerify): other tenants cannot add secrets or certificates to its service
   * principal. False when the lock is absent or does not cover them; null when the application is not in this tenant.
   */
  instanceLockOnCredentials: z.boolean().nullable(),
  hasServicePrincipal: z.boolean(),
  /** ARM resource id of a managed identity (from its alternativeNames). */
  managedIdentityResource: z.string().nullable(),
  /**
   * A managed identity's kind, from its alternativeNames: `isExplicit=True` is a user-assigned identity (its own
   * ARM resource, shareable by many resources), `isExplicit=False` or none is system-assigned (lives and dies with
   * the one resource named). Null for every other service principal.
   */
  managedIdentityType: z.enum(['SystemAssigned', 'UserAssigned']).nullable(),
  /** Owners of the application and its SP, users and non-users alike. */
  explicitOwnerCount: z.number().int().nonnegative(),
  /** Owners that are not users, as `<odata type>:<object id>` (e.g. `servicePrincipal:…`). */
  nonUserOwners: z.array(z.string()),
  consentingUserCount: z.number().int().nonnegative(),
  /**
   * Last time others signed in *to* this app (it was the resource of a delegated or app-only sign-in). Not its own
   * use: lastUsedAt counts only sign-ins where the app is the client. Null when never, or the report is unread.
   */
  lastUsedAsResourceAt: z.string().nullable(),
  /** Last sign-in per activity kind of the sign-in report ({} when the report has no entry for the app). */
  signInActivity: z.strictObject({
    delegatedClient: z.string().nullable().optional(),
    delegatedResource: z.string().nullable().optional(),
    applicationClient: z.string().nullable().optional(),
    applicationResource: z.string().nullable().optional(),
  }),
  /** An agent identity's blueprint (the blueprint application's appId); null for everything else or when unknown. */
  agentIdentityBlueprintId: z.string().nullable(),
  /** An agent identity's sponsors (users and groups); null for everything else or when they could not be read. */
  sponsorCount: z.number().int().nonnegative().nullable(),
  /**
   * Identity Protection's rating of the service principal (GET /identityProtection/riskyServicePrincipals): level
   * low/medium/high/hidden/none and state none/confirmedSafe/remediated/dismissed/atRisk/confirmedCompromised, as
   * Graph spells them. `none`/`none` when the list was read and does not name it; null when it could not be read
   * (no licence or permission) or there is no service principal.
   */
  riskLevel: z.string().nullable(),
  riskState: z.string().nullable(),
  riskDetail: z.string().nullable(),
  riskLastUpdatedAt: z.string().nullable(),
};

/** passwordCredentials and keyCredentials (credentials.ts), and federated identity credentials. */
const credential = {
  /** The object the credential is set on: a credential on the service principal is a persistence technique. */
  setOn: z.enum(['application', 'servicePrincipal']),
  /** Secrets and certificates: which Graph collection listed it. */
  graphType: z.enum(['passwordCredential', 'keyCredential']).optional(),
  keyId: z.string().optional(),
  /**
   * Graph listed the credential without a keyId: its id is derived from what identifies it (thumbprint or hint,
   * dates, name), stable from scan to scan, and `keyId` is absent.
   */
  keyIdDerived: z.boolean().optional(),
  /** First three characters of a client secret (Graph's own redacted preview). */
  hint: z.string().nullable().optional(),
  /** keyCredentials: AsymmetricX509Cert, Symmetric, ... and Verify/Sign. */
  keyType: z.string().nullable().optional(),
  usage: z.string().nullable().optional(),
  /** Federated credentials: who may exchange a token for this app's. */
  issuer: z.string().nullable().optional(),
  issuerKind: z.string().optional(),
  subject: z.string().nullable().optional(),
  audiences: z.array(z.string()).optional(),
  description: z.string().nullable().optional(),
};

/**
 * App role assignments (type Application), folded oauth2PermissionGrants (type Delegated) and directory role
 * assignments (type DirectoryRole: no resource service principal, a role definition at a directory scope).
 */
const permission = {
  type: z.enum(['Application', 'Delegated', 'DirectoryRole']),
  /** Application and Delegated: the resource service principal (Microsoft Graph, Exchange Online, ...). */
  resourceId: z.string().optional(),
  resourceAppId: z.string().nullable().optional(),
  appRoleId: z.string().optional(),
  assignmentId: z.string().nullable().optional(),
  grantedAt: z.string().nullable().optional(),
  /** The role name was found in the resource's appRoles (else nativeName is the role id). */
  resolved: z.boolean().optional(),
  consentType: z.enum(['AllPrincipals', 'Principal']).optional(),
  principalIds: z.array(z.string()).optional(),
  grantIds: z.array(z.string()).optional(),
  /** DirectoryRole: the unifiedRoleDefinition assigned, its templateId (lower case) and the assignment's scope. */
  roleDefinitionId: z.string().optional(),
  roleTemplateId: z.string().optional(),
  /** '/' = the whole tenant; '/administrativeUnits/{id}' or '/{object id}' = narrower. */
  directoryScopeId: z.string().nullable().optional(),
  appScopeId: z.string().nullable().optional(),
};

const entraNativeTypeFacts = nativeTypeFacts({ identity, credential, permission });

/**
 * The typed attributes of every nativeType the Microsoft Entra ID connector emits (src/model/facts.ts). Entra Agent
 * ID's agentIdentityBlueprint is an application and its agentIdentity a service principal (Graph derives them from
 * those types), so they carry the same facts.
 */
export const entraFacts = {
  application: entraNativeTypeFacts,
  servicePrincipal: entraNativeTypeFacts,
  agentIdentityBlueprint: entraNativeTypeFacts,
  agentIdentity: entraNativeTypeFacts,
} satisfies PlatformFacts;

export type EntraIdentityFacts = IdentityFactsOf<typeof entraNativeTypeFacts>;
export type EntraCredentialFacts = CredentialFactsOf<typeof entraNativeTypeFacts>;
export type EntraPermissionFacts = PermissionFactsOf<typeof entraNativeTypeFacts>;

/** Every nativeType above: the Entra rules hold on applications and service principals (agents included) alike. */
export const ENTRA_NATIVE_TYPES = [
  'application',
  'servicePrincipal',
  'agentIdentityBlueprint',
  'agentIdentity',
] as const;
