import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { type GitHubClient, pages } from './client.js';
import { requireId } from './common.js';
import type { GitHubOptions } from './options.js';
import type { GhRepository } from './wire.js';

/** What the repository-scoped sources need of a repository. */
export interface RepositoryRef {
  id: number | string;
  name: string;
  full_name: string;
  owner: string;
}

/** GET /orgs/{org}/repos?type=all — repositories are not NHIs themselves; they scope deploy keys, secrets, hooks. */
export function listRepositories(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhRepository[]> {
  return pages<GhRepository>(client, ctx, 'repositories', 'GET /orgs/{org}/repos', { org, type: 'all' }, signal);
}

/**
 * Pure: the part of a repository object the repo-scoped transforms need. The id is required: it places the
 * repository in its partition (scopes.ts), and a repository placed by anything else could land in another scope.
 */
export function transform(raw: GhRepository): RepositoryRef {
  const id = requireId(raw?.id, 'GitHub repository');
  if (typeof raw.name !== 'string' || typeof raw.full_name !== 'string')
    throw new InvalidRecordError(
      `GitHub repository ${String(id)}: name or full_name missing in the API response`,
      null,
    );
  const owner = typeof raw.owner?.login === 'string' ? raw.owner.login : raw.full_name.split('/')[0];
  return { id, name: raw.name, full_name: raw.full_name, owner };
}
