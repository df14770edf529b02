import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { secretIdentity } from './org-secrets.js';
import type { GhRepoSecret } from './wire.js';

/** GET /repos/{owner}/{repo}/actions/secrets ({total_count, secrets}). */
export function listRepoSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
): AsyncGenerator<GhRepoSecret[]> {
  return pages<GhRepoSecret>(client, ctx, 'repo-actions-secrets', 'GET /repos/{owner}/{repo}/actions/secrets', {
    owner,
    repo,
  });
}

/** Pure: one repository Actions secret → a secret identity (nativeId `<repo>/<NAME>`). */
export function transform(
  raw: GhRepoSecret,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput {
  return secretIdentity(raw, ctx, 'repo_secret', `${ctx.repo.name}/${raw.name}`, {
    scope: 'repository',
    repository: ctx.repo.full_name,
  });
}
