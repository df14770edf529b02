import type { IdentityInput, IdentityKind, OwnerSource } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, iso, loginClaim, requireId, stringList } from './common.js';
import type { GitHubOptions } from './options.js';
import { classicScopeAccess } from './permission-map.js';
import type { GhCredentialAuthorization } from './wire.js';

/**
 * GET /orgs/{org}/credential-authorizations (GitHub Enterprise Cloud with SAML SSO only: elsewhere GitHub answers
 * 404, which the source tracker records as the source skipped, so nothing stored from it is swept).
 */
export function listCredentialAuthorizations(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhCredentialAuthorization[]> {
  return pages<GhCredentialAuthorization>(
    client,
    ctx,
    'credential-authorizations',
    'GET /orgs/{org}/credential-authorizations',
    { org },
    signal,
  );
}

const KIND: Record<string, IdentityKind> = {
  'personal access token': 'personal_access_token',
  'SSH key': 'api_key',
  'OAuth app token': 'oauth_grant',
  'GitHub app token': 'oauth_grant',
};
const OWNER_SOURCE: Record<string, OwnerSource> = {
  'personal access token': 'creator',
  'SSH key': 'creator',
  'OAuth app token': 'consenting_user',
  'GitHub app token': 'consenting_user',
};
/** Credential kinds GitHub can give an expiry (classic PATs optionally; GitHub App user tokens by default). */
const SUPPORTS_EXPIRY = new Set(['personal access token', 'GitHub app token']);

/** Pure: one SAML SSO credential authorization → an identity with one credential (token or SSH key). */
export function transform(raw: GhCredentialAuthorization, ctx: TransformContext): IdentityInput {
  const credentialId = requireId(raw.credential_id, 'GitHub credential authorization', 'credential_id');
  const id = githubId(ctx, 'credential_authorization', credentialId);
  const type = raw.credential_type;
  const isSsh = type === 'SSH key';
  const label = raw.authorized_credential_note ?? raw.authorized_credential_title ?? type;
  const createdAt = iso(raw.credential_authorized_at);
  const lastUsedAt = iso(raw.credential_accessed_at);
  return {
    id,
    platform: 'github',
    tenant: ctx.org,
    kind: KIND[type] ?? 'api_key',
    nativeType: 'credential_authorization',
    nativeId: String(credentialId),
    name: `${raw.login}/${label}`,
    createdAt,
    createdBy: raw.login,
    lastUsedAt,
    lastUsedSource: 'credential_accessed_at',
    enabled: true,
    attributes: {
      login: raw.login,
      credentialType: type,
      credentialId: raw.credential_id,
      authorizedCredentialId: raw.authorized_credential_id ?? null,
    },
    credentials: [
      {
        id: `${id}#${isSsh ? 'ssh_key' : 'token'}`,
        type: isSsh ? 'ssh_key' : 'token',
        name: raw.authorized_credential_note ?? raw.authorized_credential_title ?? null,
        createdAt,
        expiresAt: iso(raw.authorized_credential_expires_at),
        lastUsedAt,
        lastUsedSource: 'credential_accessed_at',
        fingerprint: isSsh ? (raw.fingerprint ?? null) : null,
        enabled: true,
        attributes: {
          supportsExpiry: SUPPORTS_EXPIRY.has(type),
          credentialType: type,
          ...(raw.token_last_eight ? { tokenLastEight: raw.token_last_eight } : {}),
        },
      },
    ],
    permissions: stringList(raw.scopes, `GitHub credential authorization ${credentialId}`, 'scopes').map((scope) => {
      const a = classicScopeAccess(scope);
      return {
        nativeName: scope,
        resource: '*',
        access: a.access,
        sensitivity: a.sensitivity,
        pathToAdmin: a.pathToAdmin,
        source: 'credential_authorization.scopes',
      };
    }),
    ownerClaims: loginClaim(raw.login, OWNER_SOURCE[type] ?? 'creator', 'credential-authorizations login'),
  };
}
