/**
 * The subset of Okta Management API shapes the transforms read, field names exactly as Okta sends them
 * (spec: okta-management-openapi v2026.06.3). Every field is optional: the transforms check what they rely on.
 */
type Links = Record<string, { href?: string } | Array<{ href?: string }> | undefined>;

/** GET /api/v1/apps (polymorphic by signOnMode). */
export interface OktaApp {
  id?: string;
  name?: string;
  label?: string;
  status?: string;
  created?: string;
  lastUpdated?: string;
  signOnMode?: string;
  credentials?: {
    oauthClient?: {
      client_id?: string;
      token_endpoint_auth_method?: string;
      autoKeyRotation?: boolean;
      pkce_required?: boolean;
    };
  };
  settings?: {
    oauthClient?: {
      application_type?: string;
      grant_types?: string[];
      response_types?: string[];
      redirect_uris?: string[];
    };
  };
  _links?: Links;
}

/** GET /api/v1/apps/{appId}/credentials/secrets and the API service integrations' secrets. */
export interface OktaClientSecret {
  id?: string;
  status?: string;
  /** Masked by Okta (`abc......xyz`); never stored. */
  client_secret?: string;
  secret_hash?: string;
  created?: string;
  lastUpdated?: string;
  _links?: Links;
}

/** GET /api/v1/apps/{appId}/credentials/jwks: one public key of the client's key pair. */
export interface OktaJwk {
  id?: string;
  kid?: string | null;
  kty?: string;
  alg?: string;
  use?: string;
  status?: string;
  created?: string;
  lastUpdated?: string;
}

/** GET /api/v1/apps/{appId}/grants: an Okta API scope granted to the app. */
export interface OktaGrant {
  id?: string;
  status?: string;
  created?: string;
  createdBy?: { id?: string; type?: string };
  lastUpdated?: string;
  issuer?: string;
  clientId?: string;
  scopeId?: string;
  source?: string;
  userId?: string | null;
}

/** GET /oauth2/v1/clients/{clientId}/roles and GET /api/v1/users/{userId}/roles: an admin role assignment. */
export interface OktaRoleAssignment {
  id?: string;
  label?: string;
  type?: string;
  status?: string;
  created?: string;
  lastUpdated?: string;
  assignmentType?: string;
  'resource-set'?: string;
  role?: string;
}

/** GET /api/v1/api-tokens: an SSWS API token's metadata (never its value). */
export interface OktaApiToken {
  id?: string;
  name?: string;
  userId?: string;
  clientName?: string;
  created?: string;
  lastUpdated?: string;
  expiresAt?: string;
  tokenWindow?: string;
  network?: { connection?: string; include?: string[] | null; exclude?: string[] | null };
  _links?: Links;
}

/** GET /integrations/api/v1/api-services: an API service integration instance. */
export interface OktaApiService {
  id?: string;
  type?: string;
  name?: string;
  createdAt?: string;
  createdBy?: string;
  configGuideUrl?: string;
  grantedScopes?: string[];
  _links?: Links;
}

/** GET /api/v1/users. */
export interface OktaUser {
  id?: string;
  status?: string;
  created?: string;
  statusChanged?: string | null;
  lastLogin?: string | null;
  profile?: {
    login?: string;
    email?: string;
    firstName?: string | null;
    lastName?: string | null;
    displayName?: string | null;
    managerId?: string | null;
    manager?: string | null;
    department?: string | null;
    title?: string | null;
    userType?: string | null;
  };
}

/** GET /api/v1/logs: the parts of a System Log event the usage lookups read. */
export interface OktaLogEvent {
  uuid?: string;
  published?: string;
  eventType?: string;
  actor?: { id?: string; type?: string; alternateId?: string; displayName?: string };
  client?: { id?: string | null } | null;
  transaction?: { type?: string; id?: string; detail?: { requestApiTokenId?: string | null } | null } | null;
  outcome?: { result?: string } | null;
}

/** GET /workload-principals/api/v1/ai-agents (Beta): one AI agent. */
export interface OktaAiAgent {
  id?: string;
  appId?: string | null;
  status?: string;
  created?: string;
  lastUpdated?: string;
  profile?: { name?: string; description?: string | null };
}
