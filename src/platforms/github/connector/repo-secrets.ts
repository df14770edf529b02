import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { secretIdentity, secretName } from './org-secrets.js';
import type { GhRepoSecret } from './wire.js';

/** GET /repos/{owner}/{repo}/actions/secrets ({total_count, secrets}). */
export function listRepoSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhRepoSecret[]> {
  return pages<GhRepoSecret>(
    client,
    ctx,
    'repo-actions-secrets',
    'GET /repos/{owner}/{repo}/actions/secrets',
    { owner, repo },
    signal,
  );
}

/** Pure: one repository Actions secret → a secret identity (nativeId `<repo>/<NAME>`). */
export function transform(
  raw: GhRepoSecret,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput {
  const name = secretName(raw, ctx.repo.full_name);
  return secretIdentity(raw, ctx, 'repo_secret', `${ctx.repo.name}/${name}`, {
    scope: 'repository',
    repository: ctx.repo.full_name,
  });
}
