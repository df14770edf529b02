/**
 * Microsoft Graph wire shapes the connector reads (v1.0 unless noted). Every field is optional: Graph omits what
 * $select did not ask for, and docs examples leave fields out.
 */
export interface WireVerifiedPublisher {
  displayName?: string | null;
  verifiedPublisherId?: string | null;
  addedDateTime?: string | null;
}
export interface WirePasswordCredential {
  keyId?: string | null;
  displayName?: string | null;
  hint?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  customKeyIdentifier?: string | null;
  secretText?: string | null;
}
export interface WireKeyCredential {
  keyId?: string | null;
  displayName?: string | null;
  type?: string | null;
  usage?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  customKeyIdentifier?: string | null;
}
export interface WireFederatedIdentityCredential {
  id?: string;
  name?: string | null;
  issuer?: string | null;
  subject?: string | null;
  audiences?: string[] | null;
  description?: string | null;
}
export interface WireDirectoryObject {
  '@odata.type'?: string;
  id?: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  appId?: string | null;
}
export interface WireAppRole {
  id?: string;
  value?: string | null;
  displayName?: string | null;
  allowedMemberTypes?: string[] | null;
}
export interface WirePermissionScope {
  id?: string;
  value?: string | null;
}

export interface WireServicePrincipalLockConfiguration {
  isEnabled?: boolean | null;
  allProperties?: boolean | null;
  credentialsWithUsageVerify?: boolean | null;
  credentialsWithUsageSign?: boolean | null;
}

export interface WireApplication {
  /** Graph names a derived type (agentIdentityBlueprint) on items of the base collection. */
  '@odata.type'?: string;
  id: string;
  appId?: string | null;
  displayName?: string | null;
  createdDateTime?: string | null;
  signInAudience?: string | null;
  publisherDomain?: string | null;
  verifiedPublisher?: WireVerifiedPublisher | null;
  passwordCredentials?: WirePasswordCredential[] | null;
  keyCredentials?: WireKeyCredential[] | null;
  tags?: string[] | null;
  notes?: string | null;
  /** App instance property lock: which properties of its service principals other tenants cannot change. */
  servicePrincipalLockConfiguration?: WireServicePrincipalLockConfiguration | null;
  owners?: WireDirectoryObject[];
  '@removed'?: { reason?: string };
}

export interface WireServicePrincipal {
  /** Graph names a derived type (agentIdentity, agentIdentityBlueprintPrincipal) on items of the base collection. */
  '@odata.type'?: string;
  id: string;
  appId?: string | null;
  displayName?: string | null;
  appDisplayName?: string | null;
  accountEnabled?: boolean | null;
  servicePrincipalType?: string | null;
  appOwnerOrganizationId?: string | null;
  verifiedPublisher?: WireVerifiedPublisher | null;
  publisherName?: string | null;
  signInAudience?: string | null;
  alternativeNames?: string[] | null;
  tags?: string[] | null;
  appRoles?: WireAppRole[] | null;
  oauth2PermissionScopes?: WirePermissionScope[] | null;
  passwordCredentials?: WirePasswordCredential[] | null;
  keyCredentials?: WireKeyCredential[] | null;
  owners?: WireDirectoryObject[];
  '@removed'?: { reason?: string };
}

export interface WireUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  department?: string | null;
  jobTitle?: string | null;
  createdDateTime?: string | null;
  employeeLeaveDateTime?: string | null;
  manager?: WireDirectoryObject | null;
  /** users/delta with $expand=manager: the manager by id only (Graph gives no mail there). */
  'manager@delta'?: WireDirectoryObject[] | null;
  '@removed'?: { reason?: string };
}

export interface WireOAuth2PermissionGrant {
  id: string;
  clientId?: string | null;
  consentType?: string | null;
  principalId?: string | null;
  resourceId?: string | null;
  scope?: string | null;
  '@removed'?: { reason?: string };
}

export interface WireAppRoleAssignment {
  id?: string;
  appRoleId?: string | null;
  createdDateTime?: string | null;
  principalId?: string | null;
  principalType?: string | null;
  principalDisplayName?: string | null;
  resourceId?: string | null;
  resourceDisplayName?: string | null;
}

/** GET /roleManagement/directory/roleAssignments (unifiedRoleAssignment). */
export interface WireUnifiedRoleAssignment {
  id?: string;
  principalId?: string | null;
  roleDefinitionId?: string | null;
  /** '/' = the whole tenant; '/administrativeUnits/{id}' or '/{object id}' = a narrower scope. */
  directoryScopeId?: string | null;
  appScopeId?: string | null;
}

/** GET /roleManagement/directory/roleDefinitions (unifiedRoleDefinition); built-in roles: id = templateId. */
export interface WireUnifiedRoleDefinition {
  id: string;
  displayName?: string | null;
  templateId?: string | null;
  isBuiltIn?: boolean | null;
  isEnabled?: boolean | null;
}

export interface WireSignInActivityEntry {
  lastSignInDateTime?: string | null;
  lastSignInRequestId?: string | null;
}
/** beta: GET /reports/servicePrincipalSignInActivities */
export interface WireServicePrincipalSignInActivity {
  id?: string;
  appId?: string | null;
  lastSignInActivity?: WireSignInActivityEntry | null;
  delegatedClientSignInActivity?: WireSignInActivityEntry | null;
  delegatedResourceSignInActivity?: WireSignInActivityEntry | null;
  applicationAuthenticationClientSignInActivity?: WireSignInActivityEntry | null;
  applicationAuthenticationResourceSignInActivity?: WireSignInActivityEntry | null;
}

/**
 * GET /servicePrincipals/microsoft.graph.agentIdentity (v1.0): an Entra Agent ID agent identity, a service
 * principal of servicePrincipalType ServiceIdentity; only what the sponsor lookup asks for.
 */
export interface WireAgentIdentity {
  id: string;
  /** The appId of the agent identity blueprint it was created from. */
  agentIdentityBlueprintId?: string | null;
  /** Users or groups accountable for the agent ($expand=sponsors, capped at 20 like every expansion). */
  sponsors?: WireDirectoryObject[];
}

/** GET /identityProtection/riskyServicePrincipals (v1.0; Workload Identities Premium): `id` is the SP's object id. */
export interface WireRiskyServicePrincipal {
  id: string;
  appId?: string | null;
  /** low, medium, high, hidden, none (unknownFutureValue). */
  riskLevel?: string | null;
  /** none, confirmedSafe, remediated, dismissed, atRisk, confirmedCompromised (unknownFutureValue). */
  riskState?: string | null;
  riskDetail?: string | null;
  riskLastUpdatedDateTime?: string | null;
}

/** beta: GET /reports/appCredentialSignInActivities: the last use of one credential (keyId) of an app or its SP. */
export interface WireAppCredentialSignInActivity {
  id: string;
  keyId?: string | null;
  /** clientSecret, certificate. */
  keyType?: string | null;
  appId?: string | null;
  /** Where the credential is set: application or servicePrincipal. */
  credentialOrigin?: string | null;
  signInActivity?: WireSignInActivityEntry | null;
}

/** Tenants that own Microsoft's first-party apps (appOwnerOrganizationId). */
export const MICROSOFT_TENANT_IDS = new Set([
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
]);
