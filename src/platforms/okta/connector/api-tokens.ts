import type { IdentityInput, PermissionInput, StaleField } from '../../../model/index.js';
import {
  type TransformContext,
  SYSTEM_LOG_SOURCE,
  iso,
  oktaId,
  requireId,
  str,
  stringList,
  userClaim,
} from './common.js';
import { rolePermission } from './grants.js';
import type { OktaApiToken, OktaRoleAssignment } from './wire.js';

/** What was read for one token besides the token: its creator's roles (null = not read) and its last use. */
export interface TokenParts {
  creatorRoles: OktaRoleAssignment[] | null;
  lastUsedAt: string | null;
  stale: StaleField[];
}

const ROLE_SOURCE = "token creator's role (GET /api/v1/users/{userId}/roles)";

/**
 * Pure: one SSWS API token → an api_token identity with its token credential. A token acts with every admin role
 * of the user who created it (`userId`), so those roles are its permissions and that user its creator (owner claim).
 * `expiresAt` is an idle expiry (`tokenWindow` after the last use); Okta has no last-used field, the System Log does.
 */
export function transform(raw: OktaApiToken, parts: TokenParts, t: TransformContext): IdentityInput {
  const nativeId = requireId(raw.id, 'Okta API token');
  const id = oktaId(t, 'api_token', nativeId);
  const userId = str(raw.userId);
  const createdAt = iso(raw.created);
  const what = `Okta API token ${nativeId}`;
  const permissions = (parts.creatorRoles ?? [])
    .map((r) => rolePermission(r, ROLE_SOURCE))
    .filter((p): p is PermissionInput => p !== null)
    .map((p) => ({ ...p, attributes: { ...p.attributes, inheritedFrom: userId ?? '' } }));
  return {
    id,
    platform: 'okta',
    tenant: t.tenant,
    kind: 'api_key',
    nativeType: 'api_token',
    nativeId,
    name: str(raw.name) ?? nativeId,
    createdAt,
    createdBy: userId,
    lastUsedAt: parts.lastUsedAt,
    lastUsedSource: SYSTEM_LOG_SOURCE,
    enabled: true,
    attributes: {
      userId,
      clientName: str(raw.clientName),
      tokenWindow: str(raw.tokenWindow),
      networkConnection: str(raw.network?.connection),
      networkInclude: stringList(raw.network?.include, what, 'network.include'),
      networkExclude: stringList(raw.network?.exclude, what, 'network.exclude'),
      lastUpdated: iso(raw.lastUpdated),
    },
    credentials: [
      {
        id: `${id}:token:${nativeId}`,
        type: 'token',
        name: str(raw.name),
        createdAt,
        // Okta's expiresAt is an idle expiry (tokenWindow after the last use): a token in use never expires, so it
        // is kept as a fact, not as the credential's expiry (which would read "expiring" for every token in use).
        expiresAt: null,
        lastUsedAt: parts.lastUsedAt,
        lastUsedSource: SYSTEM_LOG_SOURCE,
        fingerprint: null,
        enabled: true,
        attributes: { supportsExpiry: false, tokenWindow: str(raw.tokenWindow), idleExpiresAt: iso(raw.expiresAt) },
      },
    ],
    permissions,
    ownerClaims: userClaim(userId, 0.9, 'API token userId (the user who created it)'),
    stale: parts.stale,
  };
}
