import type { IdentityInput, PermissionInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, iso, loginClaim, permissionLevels, requireId } from './common.js';
import type { GitHubOptions } from './options.js';
import { appPermissionAccess } from './permission-map.js';
import type { GhPatGrant, GhPatPermissions, GhPatRequest } from './wire.js';

/**
 * GET /orgs/{org}/personal-access-tokens (fine-grained PAT grants). On github.com only GitHub Apps may call it: a
 * token gets 403, which the source tracker records as the source skipped (nothing stored from it is swept).
 */
export function listPatGrants(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhPatGrant[]> {
  return pages<GhPatGrant>(
    client,
    ctx,
    'personal-access-tokens',
    'GET /orgs/{org}/personal-access-tokens',
    { org },
    signal,
  );
}

function patPermissions(p: GhPatPermissions, selection: string, source: string): PermissionInput[] {
  const out: PermissionInput[] = [];
  for (const group of ['organization', 'repository', 'other'] as const) {
    for (const [key, level] of permissionLevels(p?.[group])) {
      const a = appPermissionAccess(key, level);
      const resource =
        group === 'repository'
          ? selection === 'all'
            ? '*'
            : selection === 'subset'
              ? 'selected repositories'
              : 'none'
          : '*';
      out.push({
        nativeName: `${key}:${level}`,
        resource,
        access: a.access,
        sensitivity: a.sensitivity,
        pathToAdmin: a.pathToAdmin,
        source,
        attributes: { group, key, level },
      });
    }
  }
  return out;
}

export function patIdentity(
  raw: GhPatGrant | GhPatRequest,
  ctx: TransformContext,
  nativeType: 'pat_grant' | 'pat_request',
  createdAtRaw: string,
  granted: boolean,
): IdentityInput {
  const nativeId = requireId(raw.id, `GitHub ${nativeType === 'pat_grant' ? 'PAT grant' : 'PAT request'}`);
  const id = githubId(ctx, nativeType, nativeId);
  const createdAt = iso(createdAtRaw);
  const lastUsedAt = iso(raw.token_last_used_at);
  return {
    id,
    platform: 'github',
    tenant: ctx.org,
    kind: 'personal_access_token',
    nativeType,
    nativeId: String(nativeId),
    name: raw.token_name,
    createdAt,
    createdBy: raw.owner?.login ?? null,
    lastUsedAt,
    lastUsedSource: 'token_last_used_at',
    enabled: granted,
    attributes: {
      tokenId: raw.token_id,
      ownerLogin: raw.owner?.login ?? null,
      repositorySelection: raw.repository_selection,
      tokenExpired: raw.token_expired,
      ...('reason' in raw ? { reason: raw.reason } : {}),
    },
    credentials: [
      {
        id: `${id}#token`,
        type: 'token',
        name: raw.token_name,
        createdAt,
        expiresAt: iso(raw.token_expires_at),
        lastUsedAt,
        lastUsedSource: 'token_last_used_at',
        fingerprint: null,
        enabled: granted && !raw.token_expired,
        attributes: { supportsExpiry: true, tokenId: raw.token_id },
      },
    ],
    permissions: patPermissions(raw.permissions, raw.repository_selection, `${nativeType}.permissions`),
    ownerClaims: loginClaim(
      raw.owner?.login,
      'creator',
      `${nativeType === 'pat_grant' ? 'personal-access-tokens' : 'personal-access-token-requests'} owner.login`,
      0.95,
    ),
  };
}

/** Pure: one approved fine-grained PAT grant → a personal_access_token identity (enabled). */
export function transform(raw: GhPatGrant, ctx: TransformContext): IdentityInput {
  return patIdentity(raw, ctx, 'pat_grant', raw.access_granted_at, true);
}
