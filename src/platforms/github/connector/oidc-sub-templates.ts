import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { type GitHubClient, withSignal } from './client.js';
import { type TransformContext, githubId, stringList } from './common.js';
import type { GitHubOptions } from './options.js';
import type { GhOidcOrgSubTemplate, GhOidcRepoSubTemplate } from './wire.js';

/**
 * The subject-claim templates of GitHub Actions OIDC tokens. They decide what the `sub` of every token a workflow
 * gets looks like, hence what a cloud trust condition on `sub` (AWS `token.actions.githubusercontent.com:sub`, an
 * Entra federated credential's subject) actually matches. One object per call, not a list.
 */
async function getObject<T>(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  resource: string,
  route: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<T> {
  const request = withSignal(client, signal) as unknown as (
    route: string,
    params: Record<string, string>,
  ) => Promise<{ data: unknown }>;
  const response = await request(route, params);
  ctx.keepRaw(resource, response.data);
  return response.data as T;
}

/** GET /orgs/{org}/actions/oidc/customization/sub, as a one-item page (so it reads like every other list). */
export async function* getOrgSubTemplate(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhOidcOrgSubTemplate[]> {
  yield [
    await getObject<GhOidcOrgSubTemplate>(
      client,
      ctx,
      'oidc-org-sub-template',
      'GET /orgs/{org}/actions/oidc/customization/sub',
      { org },
      signal,
    ),
  ];
}

/** GET /repos/{owner}/{repo}/actions/oidc/customization/sub (one call per repository). */
export async function* getRepoSubTemplate(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhOidcRepoSubTemplate[]> {
  yield [
    await getObject<GhOidcRepoSubTemplate>(
      client,
      ctx,
      'oidc-repo-sub-template',
      'GET /repos/{owner}/{repo}/actions/oidc/customization/sub',
      { owner, repo },
      signal,
    ),
  ];
}

const optionalBoolean = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

function objectOf<T>(raw: T, what: string): T {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new InvalidRecordError(`${what}: the API response is not an object`, null);
  return raw;
}

function templateIdentity(
  ctx: TransformContext,
  nativeType: 'org_oidc_sub_template' | 'repo_oidc_sub_template',
  nativeId: string,
  name: string,
  attributes: Record<string, unknown>,
): IdentityInput {
  return {
    id: githubId(ctx, nativeType, nativeId),
    platform: 'github',
    tenant: ctx.org,
    kind: 'workload_identity',
    nativeType,
    nativeId,
    name,
    createdAt: null,
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: true,
    attributes,
    credentials: [],
    permissions: [],
    ownerClaims: [],
  };
}

/**
 * Pure: the org's template → the org's Actions OIDC workload identity, or null when the org has none (an empty
 * `include_claim_keys` is GitHub's default `sub`, which names the repository). GitHub reports no dates for it.
 */
export function transformOrg(raw: GhOidcOrgSubTemplate, ctx: TransformContext): IdentityInput | null {
  const what = `GitHub OIDC subject template of ${ctx.org}`;
  objectOf(raw, what);
  if (!Array.isArray(raw.include_claim_keys))
    throw new InvalidRecordError(`${what} without include_claim_keys in the API response`, null);
  const includeClaimKeys = stringList(raw.include_claim_keys, what, 'include_claim_keys');
  if (includeClaimKeys.length === 0) return null;
  return templateIdentity(ctx, 'org_oidc_sub_template', ctx.org, `${ctx.org} Actions OIDC sub template`, {
    scope: 'organization',
    includeClaimKeys,
    useImmutableSubject: optionalBoolean(raw.use_immutable_subject),
  });
}

/**
 * Pure: one repository's template → that repository's Actions OIDC workload identity, or null when it uses
 * GitHub's default (`use_default: true`). `use_default: false` without keys uses the org's template
 * (`includeClaimKeys` null; that template is judged on the org's identity).
 */
export function transformRepo(
  raw: GhOidcRepoSubTemplate,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput | null {
  const what = `GitHub OIDC subject template of ${ctx.repo.full_name}`;
  objectOf(raw, what);
  if (typeof raw.use_default !== 'boolean')
    throw new InvalidRecordError(`${what} without use_default in the API response`, null);
  if (raw.use_default) return null;
  const keys = raw.include_claim_keys == null ? null : stringList(raw.include_claim_keys, what, 'include_claim_keys');
  return templateIdentity(
    ctx,
    'repo_oidc_sub_template',
    ctx.repo.name,
    `${ctx.repo.full_name} Actions OIDC sub template`,
    {
      scope: 'repository',
      repository: ctx.repo.full_name,
      includeClaimKeys: keys && keys.length > 0 ? keys : null,
      useImmutableSubject: optionalBoolean(raw.use_immutable_subject),
      subClaimPrefix: typeof raw.sub_claim_prefix === 'string' ? raw.sub_claim_prefix : null,
    },
  );
}
