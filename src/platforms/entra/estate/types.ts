/**
 * The generated Entra tenant, in Microsoft Graph wire shapes (field names as Graph serves them). The emulator
 * serves these objects; fields outside Graph's shapes (owners, manager, federated credentials, grants...) are held
 * in side tables exactly as Graph keeps them in navigation properties.
 */
export interface GraphVerifiedPublisher {
  displayName: string | null;
  verifiedPublisherId: string | null;
  addedDateTime: string | null;
}

export interface GraphPasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  customKeyIdentifier: string | null;
  /** Always null when listed; only the addPassword response carries the value. */
  secretText: null;
}

export interface GraphKeyCredential {
  keyId: string;
  displayName: string | null;
  type: string;
  usage: 'Verify' | 'Sign';
  startDateTime: string | null;
  endDateTime: string | null;
  /** Base64 of the certificate thumbprint bytes. */
  customKeyIdentifier: string | null;
  key: null;
}

export interface GraphFederatedIdentityCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export interface GraphAppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: string;
}

export interface GraphPermissionScope {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  type: 'User' | 'Admin';
  isEnabled: boolean;
}

/** Graph's servicePrincipalLockConfiguration (app instance property lock) on an application. */
export interface GraphServicePrincipalLockConfiguration {
  isEnabled: boolean;
  allProperties: boolean;
  credentialsWithUsageVerify: boolean;
  credentialsWithUsageSign: boolean;
  identifierUris: boolean;
  tokenEncryptionKeyId: boolean;
}

export interface GraphApplication {
  /** Set on an Entra Agent ID blueprint only (Graph names a derived type on items of the base collection). */
  '@odata.type'?: '#microsoft.graph.agentIdentityBlueprint';
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string;
  deletedDateTime: null;
  description: string | null;
  signInAudience: string;
  publisherDomain: string;
  verifiedPublisher: GraphVerifiedPublisher;
  identifierUris: string[];
  tags: string[];
  notes: string | null;
  requiredResourceAccess: Array<{
    resourceAppId: string;
    resourceAccess: Array<{ id: string; type: 'Scope' | 'Role' }>;
  }>;
  appRoles: GraphAppRole[];
  passwordCredentials: GraphPasswordCredential[];
  keyCredentials: GraphKeyCredential[];
  /** Null when the application was registered without the lock (Graph returns null for an unset lock). */
  servicePrincipalLockConfiguration: GraphServicePrincipalLockConfiguration | null;
}

export interface GraphServicePrincipal {
  /** Set on Entra Agent ID objects only: an agent identity, or a blueprint's principal in this tenant. */
  '@odata.type'?: '#microsoft.graph.agentIdentity' | '#microsoft.graph.agentIdentityBlueprintPrincipal';
  /** An agent identity's blueprint (the blueprint application's appId). */
  agentIdentityBlueprintId?: string;
  id: string;
  appId: string;
  displayName: string;
  appDisplayName: string;
  accountEnabled: boolean;
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy' | 'ServiceIdentity';
  appOwnerOrganizationId: string;
  verifiedPublisher: GraphVerifiedPublisher;
  publisherName: string | null;
  signInAudience: string | null;
  servicePrincipalNames: string[];
  alternativeNames: string[];
  tags: string[];
  appRoleAssignmentRequired: boolean;
  appRoles: GraphAppRole[];
  oauth2PermissionScopes: GraphPermissionScope[];
  passwordCredentials: GraphPasswordCredential[];
  keyCredentials: GraphKeyCredential[];
  deletedDateTime: null;
}

export interface GraphUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  accountEnabled: boolean;
  department: string | null;
  jobTitle: string | null;
  createdDateTime: string;
  employeeLeaveDateTime: string | null;
}

export interface GraphOAuth2PermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
}

export interface GraphAppRoleAssignment {
  id: string;
  appRoleId: string;
  createdDateTime: string;
  deletedDateTime: null;
  principalId: string;
  principalDisplayName: string;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  resourceId: string;
  resourceDisplayName: string;
}

export interface GraphSignInActivityEntry {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
}

export interface GraphServicePrincipalSignInActivity {
  id: string;
  appId: string;
  lastSignInActivity: GraphSignInActivityEntry;
  delegatedClientSignInActivity: GraphSignInActivityEntry;
  delegatedResourceSignInActivity: GraphSignInActivityEntry;
  applicationAuthenticationClientSignInActivity: GraphSignInActivityEntry;
  applicationAuthenticationResourceSignInActivity: GraphSignInActivityEntry;
}

/** unifiedRoleDefinition (GET /roleManagement/directory/roleDefinitions); a built-in role's id is its templateId. */
export interface GraphUnifiedRoleDefinition {
  id: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  templateId: string;
  version: string | null;
  resourceScopes: string[];
  rolePermissions: Array<{ allowedResourceActions: string[]; condition: string | null }>;
}

/** unifiedRoleAssignment (GET /roleManagement/directory/roleAssignments): an active directory role assignment. */
export interface GraphUnifiedRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  /** '/' = tenant-wide; '/{object id}' or '/administrativeUnits/{id}' = a narrower scope. */
  directoryScopeId: string;
  appScopeId: string | null;
  /** Deprecated duplicate of directoryScopeId that v1.0 still returns. */
  resourceScope: string;
}

/** riskyServicePrincipal (GET /identityProtection/riskyServicePrincipals): Identity Protection's rating of one SP. */
export interface GraphRiskyServicePrincipal {
  /** The service principal's object id. */
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: string;
  isEnabled: boolean;
  isProcessing: boolean;
  riskLevel: 'low' | 'medium' | 'high' | 'hidden' | 'none';
  riskState: 'none' | 'confirmedSafe' | 'remediated' | 'dismissed' | 'atRisk' | 'confirmedCompromised';
  riskDetail: string;
  riskLastUpdatedDateTime: string;
}

export interface EntraTenantData {
  /** Directory (tenant) id. */
  tenantId: string;
  /** Initial domain, e.g. acme.onmicrosoft.com; also the Steward tenant name in identity ids. */
  tenantDomain: string;
  /** The estate's now (ISO); the emulator stamps new credentials with it. */
  now: string;
  users: GraphUser[];
  /** userId -> manager userId. */
  managers: Record<string, string>;
  applications: GraphApplication[];
  servicePrincipals: GraphServicePrincipal[];
  /** application object id -> federated identity credentials. */
  federatedIdentityCredentials: Record<string, GraphFederatedIdentityCredential[]>;
  /** application or service principal object id -> owner object ids, users or service principals (in order). */
  owners: Record<string, string[]>;
  /** agent identity id -> sponsor user ids (Entra Agent ID); absent in estates without agents. */
  sponsors?: Record<string, string[]>;
  oauth2PermissionGrants: GraphOAuth2PermissionGrant[];
  appRoleAssignments: GraphAppRoleAssignment[];
  signInActivities: GraphServicePrincipalSignInActivity[];
  /** Built-in directory roles of the tenant. */
  roleDefinitions: GraphUnifiedRoleDefinition[];
  /** Active directory role assignments, of users and service principals alike. */
  roleAssignments: GraphUnifiedRoleAssignment[];
  /** Service principals Identity Protection rated (a Workload ID Premium tenant); absent in older estates. */
  riskyServicePrincipals?: GraphRiskyServicePrincipal[];
}

/** Tenant ids of Microsoft's own first-party applications (appOwnerOrganizationId). */
export const MICROSOFT_TENANT_IDS = [
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
] as const;
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
