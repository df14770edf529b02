/**
 * The Okta org the estate generator produces and the emulator serves: plain, JSON-serialisable objects holding the
 * fields the Management API returns (field names as Okta spells them where they are served as-is). The emulator's
 * render step adds links and the fields that are derived or constant.
 */
export type OktaUserStatus = 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED';

export interface OktaRoleData {
  id: string;
  /** Standard role type (SUPER_ADMIN, ORG_ADMIN, ...). */
  type: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
}

export interface OktaUserData {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string;
  statusChanged: string;
  lastLogin: string | null;
  lastUpdated: string;
  profile: { login: string; email: string; firstName: string; lastName: string; managerId?: string };
  /** Admin roles assigned to the user (GET /api/v1/users/{userId}/roles). */
  roles: OktaRoleData[];
}

/** A client secret (the emulator derives its masked value and hash from the id; lastUpdated = created). */
export interface OktaSecretData {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  /** Set by the emulator's lifecycle routes; the generator leaves it out (lastUpdated = created). */
  lastUpdated?: string;
  /** A secret the emulator created: its listed (masked) form; the generator's are derived from the id. */
  masked?: string;
}

/** A JWK of an OAuth client (the emulator derives the key material from the id; lastUpdated = created). */
export interface OktaJwkData {
  id: string;
  kid: string | null;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
}

/** An admin's grant of an Okta API scope to a client (`source: ADMIN`, made by a user; lastUpdated = created). */
export interface OktaGrantData {
  id: string;
  scopeId: string;
  status: 'ACTIVE' | 'REVOKED';
  /** The Okta user id of the admin who granted it. */
  createdBy: string;
  created: string;
}

/** An app signing key (SAML/WS-Fed apps; `GET /api/v1/apps/{appId}/credentials/keys`). */
export interface OktaAppKeyData {
  kid: string;
  created: string;
  lastUpdated: string;
  expiresAt: string;
  x5c: string;
}

export interface OktaOauthClientData {
  applicationType: 'service' | 'web' | 'browser' | 'native';
  grantTypes: string[];
  responseTypes: string[];
  redirectUris: string[];
  tokenEndpointAuthMethod:
    | 'client_secret_basic'
    | 'client_secret_post'
    | 'client_secret_jwt'
    | 'private_key_jwt'
    | 'none';
  pkceRequired: boolean;
  autoKeyRotation: boolean;
}

export interface OktaAppData {
  id: string;
  /** The app key ("oidc_client", "bookmark", the org's custom SAML app name, ...). */
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  signOnMode: 'OPENID_CONNECT' | 'SAML_2_0' | 'BOOKMARK' | 'AUTO_LOGIN';
  /** OIDC apps only (client id = app id). */
  oauthClient: OktaOauthClientData | null;
  /** SAML apps: the audience; bookmark/auto-login apps: the URL. */
  url: string | null;
  secrets: OktaSecretData[];
  jwks: OktaJwkData[];
  keys: OktaAppKeyData[];
  /** Okta API scope grants, in `created` order. */
  grants: OktaGrantData[];
  /** Admin roles assigned to the client (`GET /oauth2/v1/clients/{clientId}/roles`). */
  roles: OktaRoleData[];
}

export interface OktaApiTokenData {
  id: string;
  name: string;
  userId: string;
  clientName: string;
  tokenWindow: string;
  network: { connection: 'ANYWHERE' | 'ZONE'; include?: string[]; exclude?: string[] };
  created: string;
  lastUpdated: string;
  expiresAt: string;
}

export interface OktaApiServiceData {
  id: string;
  type: string;
  name: string;
  createdAt: string;
  createdBy: string;
  grantedScopes: string[];
  secrets: OktaSecretData[];
}

/** One System Log event, compact; the emulator renders the full LogEvent. */
export interface OktaLogEventData {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage: string;
  actor: { id: string; type: string; alternateId: string; displayName: string };
  /** OAuth client of the request (LogClient.id), or null. */
  clientId: string | null;
  /** The SSWS API token that made the request (transaction.detail.requestApiTokenId), or null. */
  apiTokenId: string | null;
  grantType: string | null;
  target: Array<{ id: string; type: string; alternateId: string; displayName: string }>;
  ipAddress: string;
}

export interface OktaEstateData {
  /** The org's subdomain (the Steward tenant). */
  subdomain: string;
  orgName: string;
  /** Days of System Log the org keeps (the emulator's retention; the tenant's systemLogDays). */
  logRetentionDays: number;
  users: OktaUserData[];
  apps: OktaAppData[];
  apiTokens: OktaApiTokenData[];
  apiServices: OktaApiServiceData[];
  /** Sorted by `published` ascending. */
  logs: OktaLogEventData[];
}
