import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { secretIdentity, secretName } from './org-secrets.js';
import { SOURCE } from './sources.js';
import type { GhEnvironment, GhEnvironmentSecretItem, GhRepoSecret } from './wire.js';

/** GET /repos/{owner}/{repo}/environments ({total_count, environments}). */
export function listEnvironments(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhEnvironment[]> {
  return pages<GhEnvironment>(
    client,
    ctx,
    'repo-environments',
    'GET /repos/{owner}/{repo}/environments',
    { owner, repo },
    signal,
  );
}

/** GET /repos/{owner}/{repo}/environments/{environment_name}/secrets ({total_count, secrets}). */
export function listSecretsOfEnvironment(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  environment: string,
  signal?: AbortSignal,
): AsyncGenerator<GhRepoSecret[]> {
  return pages<GhRepoSecret>(
    client,
    ctx,
    'environment-secrets',
    'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets',
    { owner, repo, environment_name: environment },
    signal,
  );
}

/** An environment's name, which is its id in the secrets endpoint (an item without one cannot be read). */
export function environmentName(raw: GhEnvironment, repo: string): string {
  const name = raw && typeof raw === 'object' ? raw.name : undefined;
  if (typeof name !== 'string' || name === '')
    throw new InvalidRecordError(`GitHub environment of ${repo} without name in the API response`, null);
  return name;
}

/**
 * Every environment of one repository, then each environment's secrets (one call per environment). One
 * environment GitHub sent without a name, or whose secrets could not be read, is that environment's part missing
 * (the source is partial, nothing it lists is swept); a failure to list the environments fails the repository's part.
 */
export async function* listEnvironmentSecrets(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhEnvironmentSecretItem[]> {
  const full = `${owner}/${repo}`;
  const names: string[] = [];
  for await (const page of listEnvironments(client, ctx, owner, repo, signal))
    for (const raw of page) {
      try {
        names.push(environmentName(raw, full));
      } catch (error) {
        ctx.sources.objectFailed(SOURCE.environmentSecrets, `${full} environment ${String(raw?.id ?? '?')}`, error);
      }
    }
  for (const environment of names) {
    try {
      for await (const page of listSecretsOfEnvironment(client, ctx, owner, repo, environment, signal))
        yield page.map((secret) => ({ environment, secret }));
    } catch (error) {
      if (signal?.aborted) throw error;
      ctx.sources.objectFailed(SOURCE.environmentSecrets, `${full} environment ${environment}`, error);
    }
  }
}

/**
 * Pure: one environment secret → a secret identity (nativeId `<repo>/<environment>/<NAME>`: repository and secret
 * names hold no `/`, so the id stays unambiguous whatever the environment's name holds).
 */
export function transform(
  raw: GhEnvironmentSecretItem,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput {
  const environment = raw && typeof raw === 'object' ? raw.environment : undefined;
  if (typeof environment !== 'string' || environment === '')
    throw new InvalidRecordError(`GitHub environment secret of ${ctx.repo.full_name} without its environment`, null);
  const name = secretName(raw.secret, `${ctx.repo.full_name} environment ${environment}`);
  return secretIdentity(raw.secret, ctx, 'environment_secret', `${ctx.repo.name}/${environment}/${name}`, {
    scope: 'environment',
    repository: ctx.repo.full_name,
    environment,
  });
}
