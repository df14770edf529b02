import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { GitHubOptions } from './options.js';
import type { GhRepository } from './wire.js';

/** GET /orgs/{org}/repos?type=all — repositories are not NHIs themselves; they scope deploy keys, secrets, hooks. */
export function listRepositories(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
): AsyncGenerator<GhRepository[]> {
  return pages<GhRepository>(client, ctx, 'repositories', 'GET /orgs/{org}/repos', { org, type: 'all' });
}

/** Pure: the part of a repository object the repo-scoped transforms need. */
export function transform(raw: GhRepository): { name: string; full_name: string; owner: string } {
  if (typeof raw.name !== 'string' || typeof raw.full_name !== 'string')
    throw new Error(`GitHub repository ${String(raw.id)}: name or full_name missing in the API response`);
  return { name: raw.name, full_name: raw.full_name, owner: raw.owner?.login ?? raw.full_name.split('/')[0] };
}
