import { githubFacts } from '../facts.js';
import type { IdentityInput } from '../../../model/index.js';
import type { Connector, ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, createClient, httpStatus } from './client.js';
import type { TransformContext } from './common.js';
import * as credentialAuthorizations from './credential-authorizations.js';
import * as deployKeys from './deploy-keys.js';
import * as installations from './installations.js';
import * as members from './members.js';
import { GitHubOptions } from './options.js';
import * as orgHooks from './org-hooks.js';
import * as orgSecrets from './org-secrets.js';
import * as patGrants from './personal-access-tokens.js';
import * as patRequests from './pat-requests.js';
import * as repoHooks from './repo-hooks.js';
import * as repoSecrets from './repo-secrets.js';
import * as repositories from './repositories.js';
import { githubScopes, parseScope, repositoryPartition } from './scopes.js';
import type { GhApp } from './wire.js';

type Ctx = ScanContext<GitHubOptions>;

/** Serializes sink writes from concurrent repository tasks (the sink applies back-pressure per call). */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function scanInstallations(client: GitHubClient, ctx: Ctx, org: string, t: TransformContext): Promise<void> {
  const apps = new Map<string, GhApp | null>();
  for await (const page of installations.listInstallations(client, ctx, org)) {
    for (const raw of page) {
      if (!apps.has(raw.app_slug)) apps.set(raw.app_slug, await installations.getApp(client, ctx, raw.app_slug));
      await ctx.sink.identity(installations.transform(raw, { ...t, app: apps.get(raw.app_slug) }));
    }
  }
}

async function scanCredentialAuthorizations(
  client: GitHubClient,
  ctx: Ctx,
  org: string,
  t: TransformContext,
): Promise<void> {
  let pagesSeen = 0;
  try {
    for await (const page of credentialAuthorizations.listCredentialAuthorizations(client, ctx, org)) {
      pagesSeen++;
      for (const raw of page) await ctx.sink.identity(credentialAuthorizations.transform(raw, t));
    }
  } catch (error) {
    if (pagesSeen === 0 && httpStatus(error) === 404) {
      ctx.log.warn(
        `credential authorizations are not available for ${org} (HTTP 404: not GitHub Enterprise Cloud, or SAML SSO is off); skipping SSO-authorized PATs, SSH keys and OAuth tokens`,
      );
      return;
    }
    throw error;
  }
}

async function scanPats(client: GitHubClient, ctx: Ctx, org: string, t: TransformContext): Promise<void> {
  const sources = [
    {
      what: 'fine-grained PAT grants',
      list: () => patGrants.listPatGrants(client, ctx, org),
      map: (r: never) => patGrants.transform(r, t),
    },
    {
      what: 'fine-grained PAT requests',
      list: () => patRequests.listPatRequests(client, ctx, org),
      map: (r: never) => patRequests.transform(r, t),
    },
  ];
  for (const source of sources) {
    let pagesSeen = 0;
    try {
      for await (const page of source.list()) {
        pagesSeen++;
        for (const raw of page) await ctx.sink.identity(source.map(raw as never));
      }
    } catch (error) {
      // On github.com these endpoints answer only GitHub Apps ("Resource not accessible by personal access token").
      if (pagesSeen === 0 && httpStatus(error) === 403 && !ctx.options.app) {
        ctx.log.warn(
          `${source.what} of ${org} need GitHub App auth (HTTP 403 with a token); skipping them — configure options.app to see them`,
        );
        continue;
      }
      throw error;
    }
  }
}

async function scanRepository(
  client: GitHubClient,
  ctx: Ctx,
  repo: { name: string; full_name: string; owner: string },
  emit: (records: IdentityInput[]) => Promise<void>,
): Promise<void> {
  const t = { org: ctx.tenant, repo: { name: repo.name, full_name: repo.full_name } };
  // The three lists of one repository are independent: fetch them concurrently, emit in a fixed order.
  const collect = async <R>(list: AsyncIterable<R[]>, map: (raw: R) => IdentityInput) => {
    const out: IdentityInput[] = [];
    for await (const page of list) for (const raw of page) out.push(map(raw));
    return out;
  };
  const [keys, secrets, hooks] = await Promise.all([
    collect(deployKeys.listDeployKeys(client, ctx, repo.owner, repo.name), (raw) => deployKeys.transform(raw, t)),
    collect(repoSecrets.listRepoSecrets(client, ctx, repo.owner, repo.name), (raw) => repoSecrets.transform(raw, t)),
    collect(repoHooks.listRepoHooks(client, ctx, repo.owner, repo.name), (raw) => repoHooks.transform(raw, t)),
  ]);
  await emit([...keys, ...secrets, ...hooks]);
}

/** Scans the repositories of the org, or with `only` those of one partition (every repository is still listed). */
async function scanRepositories(
  client: GitHubClient,
  ctx: Ctx,
  org: string,
  only?: { index: number; of: number },
): Promise<void> {
  const lock = serial();
  const emit = (records: IdentityInput[]) =>
    lock(async () => {
      for (const r of records) await ctx.sink.identity(r);
    });
  const limit = ctx.options.repoConcurrency;
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  for await (const page of repositories.listRepositories(client, ctx, org)) {
    for (const raw of page) {
      if (failure) break;
      if (only && repositoryPartition(raw.id ?? raw.full_name.toLowerCase(), only.of) !== only.index) continue;
      const task = scanRepository(client, ctx, repositories.transform(raw), emit)
        .catch((error) => {
          failure ??= error;
        })
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= limit) await Promise.race(running);
    }
    if (failure) break;
  }
  await Promise.all(running);
  if (failure) throw failure;
}

/**
 * GitHub organization connector: org members (people), App installations, SSO credential authorizations,
 * fine-grained PAT grants and requests, Actions secrets, webhooks, and per repository deploy keys, secrets and hooks.
 * Every listing failure throws, so an incomplete scan never sweeps stored inventory.
 * With `partitions: N` > 1 a queued scan splits the org into the scope `org` and N repository scopes (scopes.ts).
 */
export const githubConnector: Connector<GitHubOptions> = {
  platform: 'github',
  title: 'GitHub',
  facts: githubFacts,
  optionsSchema: GitHubOptions as never,
  scopes: (options) => githubScopes(options.partitions),
  async scan(ctx) {
    const org = ctx.options.org ?? ctx.tenant;
    const scope = parseScope(ctx.scope, ctx.options.partitions);
    const client = createClient(ctx.options, ctx);
    const t: TransformContext = { org: ctx.tenant };

    if (scope.kind === 'repos') {
      await scanRepositories(client, ctx, org, scope);
      return { mode: 'full' };
    }
    for await (const page of members.listMembers(client, ctx, org))
      for (const raw of page) await ctx.sink.person(members.transform(raw, t));
    await scanInstallations(client, ctx, org, t);
    await scanCredentialAuthorizations(client, ctx, org, t);
    await scanPats(client, ctx, org, t);
    for await (const page of orgSecrets.listOrgSecrets(client, ctx, org))
      for (const raw of page) await ctx.sink.identity(orgSecrets.transform(raw, t));
    for await (const page of orgHooks.listOrgHooks(client, ctx, org))
      for (const raw of page) await ctx.sink.identity(orgHooks.transform(raw, t));
    if (scope.kind === 'all') await scanRepositories(client, ctx, org);
    return { mode: 'full' };
  },
};

export default githubConnector;
export { GitHubOptions } from './options.js';
