import { githubFacts } from '../facts.js';
import { type IdentityInput, Person, type PersonInput } from '../../../model/index.js';
import type { Connector, ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { type GitHubClient, createClient } from './client.js';
import type { TransformContext } from './common.js';
import * as codespacesSecrets from './codespaces-secrets.js';
import * as credentialAuthorizations from './credential-authorizations.js';
import * as dependabotSecrets from './dependabot-secrets.js';
import * as deployKeys from './deploy-keys.js';
import * as environmentSecrets from './environment-secrets.js';
import * as installations from './installations.js';
import * as members from './members.js';
import * as oidcSubTemplates from './oidc-sub-templates.js';
import { GitHubOptions } from './options.js';
import * as orgHooks from './org-hooks.js';
import * as orgSecrets from './org-secrets.js';
import * as patGrants from './personal-access-tokens.js';
import * as patRequests from './pat-requests.js';
import * as repoHooks from './repo-hooks.js';
import * as repoSecrets from './repo-secrets.js';
import * as repositories from './repositories.js';
import * as runnerGroups from './runner-groups.js';
import * as secretScanningAlerts from './secret-scanning-alerts.js';
import type { RepositoryRef } from './repositories.js';
import { githubScopes, githubScopeShare, parseScope, partitionCount, repositoryPartition } from './scopes.js';
import { GITHUB_SECRET_FIELDS, GITHUB_SOURCES, SOURCE } from './sources.js';
import type { GhApp, GhInstallation, GhRepository, GhSimpleUser } from './wire.js';

type Ctx = ScanContext<GitHubOptions>;
type Partition = { index: number; of: number };

/** Serializes sink writes from concurrent repository tasks (the sink applies back-pressure per call). */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Reads one org-level list: each page through the source's reader, each record through its quarantine. */
function readList<R>(
  ctx: Ctx,
  sourceId: string,
  list: (signal: AbortSignal) => AsyncIterable<R[]>,
  transform: (raw: R) => IdentityInput | null,
): Promise<boolean> {
  return ctx.sources.read(sourceId, async (signal) => {
    for await (const page of list(signal))
      for (const raw of page) await ctx.sources.emit(sourceId, raw, () => transform(raw));
  });
}

/**
 * One member → a person. A member GitHub sent without an id, or not in its documented shape, is quarantined like
 * any record (so `members` is not complete and no person is swept); a person is written by the sink, not by `emit`.
 */
async function emitPerson(ctx: Ctx, raw: GhSimpleUser, t: TransformContext): Promise<void> {
  const out: { person?: PersonInput } = {};
  await ctx.sources.emit(SOURCE.members, raw, () => {
    const parsed = Person.safeParse(members.transform(raw, t));
    if (!parsed.success)
      throw new InvalidRecordError(
        `GitHub organization member: ${parsed.error.issues[0]?.path.join('.')} is invalid`,
        null,
      );
    out.person = parsed.data;
    return null;
  });
  if (out.person) await ctx.sink.person(out.person);
}

function readMembers(client: GitHubClient, ctx: Ctx, org: string, t: TransformContext): Promise<boolean> {
  return ctx.sources.read(SOURCE.members, async (signal) => {
    for await (const page of members.listMembers(client, ctx, org, signal))
      for (const raw of page) await emitPerson(ctx, raw, t);
  });
}

/**
 * One installation with its App. When the App could not be read the installation is left as stored (its source is
 * partial, so nothing is swept) rather than stored without its publisher.
 */
async function emitInstallation(
  ctx: Ctx,
  raw: GhInstallation,
  t: TransformContext,
  appOf: (slug: string) => Promise<GhApp>,
): Promise<void> {
  let app: GhApp | null = null;
  if (typeof raw?.app_slug === 'string') {
    try {
      app = await appOf(raw.app_slug);
    } catch (error) {
      ctx.sources.objectFailed(SOURCE.installations, `installation ${raw.id} (App ${raw.app_slug})`, error);
      return;
    }
  }
  await ctx.sources.emit(SOURCE.installations, raw, () => installations.transform(raw, { ...t, app }));
}

function readInstallations(client: GitHubClient, ctx: Ctx, org: string, t: TransformContext): Promise<boolean> {
  return ctx.sources.read(SOURCE.installations, async (signal) => {
    // One GET /apps/{app_slug} per App, however many installations name it (a failed one fails each of them).
    const apps = new Map<string, Promise<GhApp>>();
    const appOf = (slug: string) => {
      let app = apps.get(slug);
      if (!app) {
        app = installations.getApp(client, ctx, slug, signal);
        app.catch(() => {}); // awaited by every installation of the App
        apps.set(slug, app);
      }
      return app;
    };
    for await (const page of installations.listInstallations(client, ctx, org, signal))
      for (const raw of page) await emitInstallation(ctx, raw, t, appOf);
  });
}

/** The org-level sources, in order; each one's failure is recorded by the tracker and the next one still runs. */
async function scanOrg(client: GitHubClient, ctx: Ctx, org: string, t: TransformContext): Promise<void> {
  await readMembers(client, ctx, org, t);
  await readInstallations(client, ctx, org, t);
  await readList(
    ctx,
    SOURCE.credentialAuthorizations,
    (signal) => credentialAuthorizations.listCredentialAuthorizations(client, ctx, org, signal),
    (raw) => credentialAuthorizations.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.patGrants,
    (signal) => patGrants.listPatGrants(client, ctx, org, signal),
    (raw) => patGrants.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.patRequests,
    (signal) => patRequests.listPatRequests(client, ctx, org, signal),
    (raw) => patRequests.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.orgSecrets,
    (signal) => orgSecrets.listOrgSecrets(client, ctx, org, signal),
    (raw) => orgSecrets.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.orgHooks,
    (signal) => orgHooks.listOrgHooks(client, ctx, org, signal),
    (raw) => orgHooks.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.dependabotOrgSecrets,
    (signal) => dependabotSecrets.listDependabotOrgSecrets(client, ctx, org, signal),
    (raw) => dependabotSecrets.transformOrg(raw, t),
  );
  await readList(
    ctx,
    SOURCE.codespacesOrgSecrets,
    (signal) => codespacesSecrets.listCodespacesOrgSecrets(client, ctx, org, signal),
    (raw) => codespacesSecrets.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.runnerGroups,
    (signal) => runnerGroups.listRunnerGroups(client, ctx, org, signal),
    (raw) => runnerGroups.transform(raw, t),
  );
  await readList(
    ctx,
    SOURCE.oidcOrgSubTemplate,
    (signal) => oidcSubTemplates.getOrgSubTemplate(client, ctx, org, signal),
    (raw) => oidcSubTemplates.transformOrg(raw, t),
  );
  await readList(
    ctx,
    SOURCE.secretScanningAlerts,
    (signal) => secretScanningAlerts.listOpenAlerts(client, ctx, org, signal),
    (raw) => secretScanningAlerts.transform(raw, t),
  );
}

/** A source that lists one thing of every repository (GET /repos/{owner}/{repo}/…). */
interface RepoSource<R> {
  id: string;
  list(client: GitHubClient, ctx: Ctx, owner: string, repo: string, signal?: AbortSignal): AsyncGenerator<R[]>;
  transform(raw: R, t: TransformContext & { repo: { name: string; full_name: string } }): IdentityInput | null;
}
const repoSource = <R>(source: RepoSource<R>) => source as unknown as RepoSource<unknown>;
const REPO_SOURCES: readonly RepoSource<unknown>[] = [
  repoSource({ id: SOURCE.repoDeployKeys, list: deployKeys.listDeployKeys, transform: deployKeys.transform }),
  repoSource({ id: SOURCE.repoSecrets, list: repoSecrets.listRepoSecrets, transform: repoSecrets.transform }),
  repoSource({ id: SOURCE.repoHooks, list: repoHooks.listRepoHooks, transform: repoHooks.transform }),
  repoSource({
    id: SOURCE.dependabotRepoSecrets,
    list: dependabotSecrets.listDependabotRepoSecrets,
    transform: dependabotSecrets.transformRepo,
  }),
  repoSource({
    id: SOURCE.environmentSecrets,
    list: environmentSecrets.listEnvironmentSecrets,
    transform: environmentSecrets.transform,
  }),
  repoSource({
    id: SOURCE.oidcRepoSubTemplates,
    list: oidcSubTemplates.getRepoSubTemplate,
    transform: oidcSubTemplates.transformRepo,
  }),
];

/** Adds a listed repository (of the partition `only`); one GitHub sent without id or name fails its parts only. */
function addRepository(ctx: Ctx, raw: GhRepository, only: Partition | undefined, repos: RepositoryRef[]): void {
  let repo: RepositoryRef;
  try {
    repo = repositories.transform(raw);
  } catch (error) {
    const label = String(raw?.full_name ?? raw?.id ?? 'a repository without id');
    for (const source of REPO_SOURCES) ctx.sources.objectFailed(source.id, label, error);
    return;
  }
  if (!only || repositoryPartition(repo.id, only.of) === only.index) repos.push(repo);
}

/**
 * The org's repositories (with `only`, those of one partition: every repository is still listed). Read whole
 * before their parts, so each per-repository source has its own read, deadline and outcome; a repository is a few
 * short strings, so even 100k of them are a few MB.
 */
async function readRepositories(
  client: GitHubClient,
  ctx: Ctx,
  org: string,
  only: Partition | undefined,
): Promise<RepositoryRef[] | null> {
  const repos: RepositoryRef[] = [];
  const read = await ctx.sources.read(SOURCE.repositories, async (signal) => {
    for await (const page of repositories.listRepositories(client, ctx, org, signal)) {
      ctx.sources.counted(SOURCE.repositories, page.length);
      for (const raw of page) addRepository(ctx, raw, only, repos);
    }
  });
  return read ? repos : null;
}

/** Runs `task` on every repository, `limit` at a time; the first failure stops the walk and is rethrown. */
async function forEachRepository(
  repos: readonly RepositoryRef[],
  limit: number,
  task: (repo: RepositoryRef) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < repos.length) {
      const repo = repos[next++];
      await task(repo).catch((error) => {
        failure ??= { error };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, repos.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

/** One repository's part of a source. Its failure (a 404 on one repository) is that repository's part missing. */
async function readRepoPart(
  client: GitHubClient,
  ctx: Ctx,
  source: RepoSource<unknown>,
  repo: RepositoryRef,
  signal: AbortSignal,
  lock: ReturnType<typeof serial>,
): Promise<void> {
  if (signal.aborted) return; // the source is over (deadline, cancel): the tracker has recorded why
  const t = { org: ctx.tenant, repo: { name: repo.name, full_name: repo.full_name } };
  try {
    for await (const page of source.list(client, ctx, repo.owner, repo.name, signal))
      for (const raw of page) await lock(() => ctx.sources.emit(source.id, raw, () => source.transform(raw, t)));
  } catch (error) {
    if (signal.aborted) return;
    ctx.sources.objectFailed(source.id, repo.full_name, error);
  }
}

/** Lists the repositories, then reads the per-repository sources side by side. */
async function scanRepositories(client: GitHubClient, ctx: Ctx, org: string, only?: Partition): Promise<void> {
  const repos = await readRepositories(client, ctx, org, only);
  if (!repos) return; // not reachable for a required source (it throws); kept for a tracker that returns
  const lock = serial();
  const reads = await Promise.allSettled(
    REPO_SOURCES.map((source) =>
      ctx.sources.read(source.id, (signal) =>
        forEachRepository(repos, ctx.options.repoConcurrency, (repo) =>
          readRepoPart(client, ctx, source, repo, signal, lock),
        ),
      ),
    ),
  );
  const rejected = reads.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * GitHub organization connector: org members (people), App installations, SSO credential authorizations,
 * fine-grained PAT grants and requests, Actions, Dependabot and Codespaces secrets, webhooks, and per repository
 * deploy keys, Actions and Dependabot secrets, hooks, and the Actions secrets of each deployment environment.
 * Each list is one declared source (sources.ts) read through the tracker, which records a refusal or failure and
 * keeps what that source would have listed; only the repository list is required.
 * With `partitions: N` > 1 (or, unset, a local scan on N > 1 threads) the org splits into the scope `org` and N
 * repository scopes (scopes.ts).
 */
export const githubConnector: Connector<GitHubOptions> = {
  platform: 'github',
  title: 'GitHub',
  facts: githubFacts,
  sources: GITHUB_SOURCES,
  secretFields: GITHUB_SECRET_FIELDS,
  optionsSchema: GitHubOptions as never,
  scopes: (options, splitInto) => githubScopes(partitionCount(options.partitions, splitInto)),
  scopeShare: githubScopeShare,
  async scan(ctx) {
    const org = ctx.options.org ?? ctx.tenant;
    const scope = parseScope(ctx.scope, partitionCount(ctx.options.partitions, ctx.splitInto));
    const client = createClient(ctx.options, ctx);
    const t: TransformContext = { org: ctx.tenant };
    if (scope.kind !== 'repos') await scanOrg(client, ctx, org, t);
    if (scope.kind !== 'org') await scanRepositories(client, ctx, org, scope.kind === 'repos' ? scope : undefined);
    return { mode: 'full' };
  },
};

export default githubConnector;
export { GitHubOptions } from './options.js';
