import type { IdentityInput, PermissionInput, StaleField } from '../../../model/index.js';
import { type TransformContext, SYSTEM_LOG_SOURCE, iso, oktaId, requireId, str, stringList } from './common.js';
import { jwkCredential, secretCredential } from './credentials.js';
import { grantCreatorClaim, rolePermission, scopePermission } from './grants.js';
import type { OktaApp, OktaClientSecret, OktaGrant, OktaJwk, OktaRoleAssignment } from './wire.js';

export type AppType = 'service_app' | 'oauth_app';

/**
 * Which apps are NHIs: OIDC apps only (SAML, WS-Fed, bookmark, SWA… apps are human SSO). An OIDC app with
 * `application_type: "service"` is a service app (client_credentials); any other OIDC app is an OAuth client.
 */
export function appType(raw: OktaApp): AppType | null {
  if (raw?.signOnMode !== 'OPENID_CONNECT') return null;
  return raw.settings?.oauthClient?.application_type === 'service' ? 'service_app' : 'oauth_app';
}

/** The OAuth client id of an OIDC app (Okta's client_id is the app id unless set otherwise). */
export const clientIdOf = (raw: OktaApp): string => str(raw.credentials?.oauthClient?.client_id) ?? String(raw.id);

/**
 * What was read for one app besides the app itself: null = that part could not be read this run (its fields are
 * kept from the store: `stale`). `lastUsedAt` is the latest token grant in the System Log window (null: none).
 */
export interface AppParts {
  secrets: OktaClientSecret[] | null;
  jwks: OktaJwk[] | null;
  grants: OktaGrant[] | null;
  roles: OktaRoleAssignment[] | null;
  lastUsedAt: string | null;
  /** Sources whose part of this app failed (field, source). */
  stale: StaleField[];
}

const ROLE_SOURCE = 'client role (GET /oauth2/v1/clients/{clientId}/roles)';

function appPermissions(parts: AppParts): PermissionInput[] {
  const scopes = (parts.grants ?? []).map(scopePermission);
  const roles = (parts.roles ?? []).map((r) => rolePermission(r, ROLE_SOURCE));
  return [...scopes, ...roles].filter((p): p is PermissionInput => p !== null);
}

/** Pure: one OIDC app with its secrets, keys, grants and roles → a service_app or oauth_app identity; others → null. */
export function transform(raw: OktaApp, parts: AppParts, t: TransformContext): IdentityInput | null {
  const nativeType = appType(raw);
  if (!nativeType) return null;
  const nativeId = requireId(raw.id, 'Okta app');
  const id = oktaId(t, nativeType, nativeId);
  const oauth = raw.settings?.oauthClient;
  return {
    id,
    platform: 'okta',
    tenant: t.tenant,
    kind: nativeType === 'service_app' ? 'service_account' : 'oauth_app',
    nativeType,
    nativeId,
    name: str(raw.label) ?? str(raw.name) ?? nativeId,
    createdAt: iso(raw.created),
    lastUsedAt: parts.lastUsedAt,
    lastUsedSource: SYSTEM_LOG_SOURCE,
    enabled: raw.status === 'ACTIVE',
    attributes: {
      clientId: clientIdOf(raw),
      appName: str(raw.name),
      status: str(raw.status) ?? 'UNKNOWN',
      signOnMode: 'OPENID_CONNECT',
      applicationType: str(oauth?.application_type),
      grantTypes: stringList(oauth?.grant_types, `Okta app ${nativeId}`, 'settings.oauthClient.grant_types'),
      tokenEndpointAuthMethod: str(raw.credentials?.oauthClient?.token_endpoint_auth_method),
      autoKeyRotation:
        typeof raw.credentials?.oauthClient?.autoKeyRotation === 'boolean'
          ? raw.credentials.oauthClient.autoKeyRotation
          : null,
      lastUpdated: iso(raw.lastUpdated),
    },
    credentials: [
      ...(parts.secrets ?? []).map((s) => secretCredential(id, s)),
      ...(parts.jwks ?? []).map((k) => jwkCredential(id, k)),
    ],
    permissions: appPermissions(parts),
    ownerClaims: grantCreatorClaim(parts.grants ?? []),
    stale: parts.stale,
  };
}
