import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, iso, requireId } from './common.js';
import type { GitHubOptions } from './options.js';
import type { GhOrgSecret, GhRepoSecret } from './wire.js';

/** GET /orgs/{org}/actions/secrets ({total_count, secrets}; metadata only — GitHub never returns values). */
export function listOrgSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhOrgSecret[]> {
  return pages<GhOrgSecret>(client, ctx, 'org-actions-secrets', 'GET /orgs/{org}/actions/secrets', { org }, signal);
}

/** A secret's name, its id at GitHub (a list item without one, or that is not an object, is not a secret). */
export function secretName(raw: GhOrgSecret | GhRepoSecret, where: string, what = 'Actions'): string {
  const name = raw && typeof raw === 'object' ? raw.name : undefined;
  return String(requireId(name, `GitHub ${what} secret of ${where}`, 'name'));
}

/** The nativeTypes of GitHub's secret stores (one per store: Actions, Dependabot, Codespaces; org, repo, environment). */
export type SecretNativeType =
  | 'org_secret'
  | 'repo_secret'
  | 'environment_secret'
  | 'dependabot_org_secret'
  | 'dependabot_repo_secret'
  | 'codespaces_org_secret';

/**
 * Shared by every secret store (Actions org/repo/environment, Dependabot org/repo, Codespaces org). The credential's createdAt is `updated_at`: the time the current value was set,
 * which is what rotation age means for a secret.
 */
export function secretIdentity(
  raw: GhOrgSecret | GhRepoSecret,
  ctx: TransformContext,
  nativeType: SecretNativeType,
  nativeId: string,
  attributes: Record<string, unknown>,
): IdentityInput {
  const id = githubId(ctx, nativeType, nativeId);
  const updatedAt = iso(raw.updated_at);
  return {
    id,
    platform: 'github',
    tenant: ctx.org,
    kind: 'secret',
    nativeType,
    nativeId,
    name: raw.name,
    createdAt: iso(raw.created_at),
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: true,
    attributes: { ...attributes, updatedAt },
    credentials: [
      {
        id: `${id}#secret_value`,
        type: 'secret_value',
        name: raw.name,
        createdAt: updatedAt,
        expiresAt: null,
        lastUsedAt: null,
        lastUsedSource: null,
        fingerprint: null,
        enabled: true,
        attributes: { supportsExpiry: false, valueSetAt: updatedAt },
      },
    ],
    permissions: [],
    ownerClaims: [],
  };
}

/** Pure: one organization Actions secret → a secret identity. */
export function transform(raw: GhOrgSecret, ctx: TransformContext): IdentityInput {
  const name = secretName(raw, ctx.org);
  return secretIdentity(raw, ctx, 'org_secret', name, { scope: 'organization', visibility: raw.visibility });
}
