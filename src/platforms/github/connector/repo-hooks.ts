import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { hookIdentity } from './org-hooks.js';
import type { GhHook } from './wire.js';

/** GET /repos/{owner}/{repo}/hooks. */
export function listRepoHooks(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhHook[]> {
  return pages<GhHook>(client, ctx, 'repo-hooks', 'GET /repos/{owner}/{repo}/hooks', { owner, repo }, signal);
}

/** Pure: one repository webhook → a webhook identity. */
export function transform(
  raw: GhHook,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput {
  return hookIdentity(raw, ctx, 'repo_hook', { scope: 'repository', repository: ctx.repo.full_name });
}
