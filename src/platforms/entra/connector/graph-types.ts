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

export interface WireApplication {
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
  owners?: WireDirectoryObject[];
  '@removed'?: { reason?: string };
}

export interface WireServicePrincipal {
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

/** Tenants that own Microsoft's first-party apps (appOwnerOrganizationId). */
export const MICROSOFT_TENANT_IDS = new Set([
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
]);
