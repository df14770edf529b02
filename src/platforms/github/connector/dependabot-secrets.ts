import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { secretIdentity, secretName } from './org-secrets.js';
import type { GhDependabotOrgSecret, GhDependabotRepoSecret } from './wire.js';

/**
 * GET /orgs/{org}/dependabot/secrets ({total_count, secrets}; metadata only). Dependabot secrets are a store of their
 * own: Actions workflows never see them, Dependabot update jobs (private registries, package feeds) do.
 */
export function listDependabotOrgSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhDependabotOrgSecret[]> {
  return pages<GhDependabotOrgSecret>(
    client,
    ctx,
    'org-dependabot-secrets',
    'GET /orgs/{org}/dependabot/secrets',
    { org },
    signal,
  );
}

/** GET /repos/{owner}/{repo}/dependabot/secrets ({total_count, secrets}). */
export function listDependabotRepoSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhDependabotRepoSecret[]> {
  return pages<GhDependabotRepoSecret>(
    client,
    ctx,
    'repo-dependabot-secrets',
    'GET /repos/{owner}/{repo}/dependabot/secrets',
    { owner, repo },
    signal,
  );
}

/** Pure: one organization Dependabot secret → a secret identity (nativeId: its name, unique in the store). */
export function transformOrg(raw: GhDependabotOrgSecret, ctx: TransformContext): IdentityInput {
  const name = secretName(raw, ctx.org, 'Dependabot');
  return secretIdentity(raw, ctx, 'dependabot_org_secret', name, {
    scope: 'organization',
    visibility: raw.visibility,
  });
}

/** Pure: one repository Dependabot secret → a secret identity (nativeId `<repo>/<NAME>`). */
export function transformRepo(
  raw: GhDependabotRepoSecret,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput {
  const name = secretName(raw, ctx.repo.full_name, 'Dependabot');
  return secretIdentity(raw, ctx, 'dependabot_repo_secret', `${ctx.repo.name}/${name}`, {
    scope: 'repository',
    repository: ctx.repo.full_name,
  });
}
