import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { secretIdentity, secretName } from './org-secrets.js';
import type { GhCodespacesOrgSecret } from './wire.js';

/**
 * GET /orgs/{org}/codespaces/secrets ({total_count, secrets}; metadata only): development-environment secrets,
 * injected as environment variables into every codespace of the repositories the secret is visible to.
 */
export function listCodespacesOrgSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhCodespacesOrgSecret[]> {
  return pages<GhCodespacesOrgSecret>(
    client,
    ctx,
    'org-codespaces-secrets',
    'GET /orgs/{org}/codespaces/secrets',
    { org },
    signal,
  );
}

/** Pure: one organization Codespaces secret → a secret identity (nativeId: its name). */
export function transform(raw: GhCodespacesOrgSecret, ctx: TransformContext): IdentityInput {
  const name = secretName(raw, ctx.org, 'Codespaces');
  return secretIdentity(raw, ctx, 'codespaces_org_secret', name, {
    scope: 'organization',
    visibility: raw.visibility,
  });
}
