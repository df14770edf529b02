import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, requireId, stringList } from './common.js';
import type { GitHubOptions } from './options.js';
import type { GhRunnerGroup } from './wire.js';

/**
 * GET /orgs/{org}/actions/runner-groups ({total_count, runner_groups}): the org's self-hosted runner groups,
 * including those inherited from the enterprise. A group decides which repositories and workflows may run jobs on
 * its machines, so it is the boundary around the runners' own network access and cloud credentials.
 */
export function listRunnerGroups(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhRunnerGroup[]> {
  return pages<GhRunnerGroup>(client, ctx, 'runner-groups', 'GET /orgs/{org}/actions/runner-groups', { org }, signal);
}

const VISIBILITIES = ['all', 'selected', 'private'] as const;
type Visibility = (typeof VISIBILITIES)[number];

/** GitHub's three documented visibilities; anything else cannot be judged and the record is quarantined. */
function visibility(raw: GhRunnerGroup, nativeId: string | number): Visibility {
  const v = raw.visibility;
  if ((VISIBILITIES as readonly unknown[]).includes(v)) return v as Visibility;
  throw new InvalidRecordError(
    `GitHub runner group ${nativeId}: visibility ${JSON.stringify(v)} is not documented`,
    null,
  );
}

/**
 * Pure: one runner group → a workload identity (the runners it groups act for whichever workflow they are given).
 * GitHub reports no creation or last-use date for a group, and a group holds no credential of its own.
 */
export function transform(raw: GhRunnerGroup, ctx: TransformContext): IdentityInput {
  const nativeId = requireId(raw.id, 'GitHub runner group');
  return {
    id: githubId(ctx, 'runner_group', nativeId),
    platform: 'github',
    tenant: ctx.org,
    kind: 'workload_identity',
    nativeType: 'runner_group',
    nativeId: String(nativeId),
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : String(nativeId),
    createdAt: null,
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: true,
    attributes: {
      visibility: visibility(raw, nativeId),
      allowsPublicRepositories: raw.allows_public_repositories === true,
      restrictedToWorkflows: raw.restricted_to_workflows === true,
      selectedWorkflows: stringList(raw.selected_workflows, `GitHub runner group ${nativeId}`, 'selected_workflows'),
      isDefault: raw.default === true,
      inherited: raw.inherited === true,
    },
    credentials: [],
    permissions: [],
    ownerClaims: [],
  };
}
