import { identityId, label, type GenContext } from './context.js';
import type { GhRunnerGroupData } from './types.js';

/**
 * GitHub's own facts about runner groups (docs: "Managing access to self-hosted runners using groups"): every org
 * has a Default group (id 1) visible to all repositories; public repositories may use a group only when
 * allows_public_repositories is true. Open = both, which lets any public repository's workflows (and fork pull
 * requests) run on the group's machines.
 */
const isOpen = (g: GhRunnerGroupData): boolean => g.visibility === 'all' && g.allows_public_repositories;
const GROUP_NAMES = ['linux-x64', 'arm64-builders', 'gpu', 'prod-deploy', 'macos', 'windows-build', 'k8s-arc'];

function runnerGroup(c: GenContext, i: number): GhRunnerGroupData {
  const { rng } = c;
  const first = i === 0;
  // Every other group is planted open (the first: the Default group left as created in an org with public
  // repositories); the rest draw their settings, so some of them are open too.
  const planted = i % 2 === 0;
  const visibility = planted ? 'all' : rng.pick(['all', 'selected', 'selected', 'private'] as const);
  const restricted = !first && rng.chance(0.3);
  return {
    // The Default group is always id 1 at GitHub; the others are numbered as they were created.
    id: first ? 1 : 2 + i,
    name: first ? 'Default' : `${GROUP_NAMES[(i - 1) % GROUP_NAMES.length]}${i > GROUP_NAMES.length ? `-${i}` : ''}`,
    visibility,
    default: first,
    inherited: !first && rng.chance(0.15),
    allows_public_repositories: planted || rng.chance(0.5),
    restricted_to_workflows: restricted,
    selected_workflows: restricted ? [`${c.orgLogin}/infra/.github/workflows/deploy.yml@refs/heads/main`] : [],
    workflow_restrictions_read_only: false,
  };
}

/** The org's self-hosted runner groups, each labelled: no owner, no credential, no dates (GitHub reports none). */
export function generateRunnerGroups(c: GenContext, count: number): GhRunnerGroupData[] {
  const groups: GhRunnerGroupData[] = [];
  for (let i = 0; i < count; i++) {
    const g = runnerGroup(c, i);
    label(c, {
      id: identityId(c, 'runner_group', g.id),
      tenant: c.orgLogin,
      kind: 'workload_identity',
      name: g.name,
      createdAt: null,
      lastUsedAt: null,
      usageTracked: false,
      enabled: true,
      thirdParty: false,
      publisherVerified: null,
      interactive: false,
      credentials: [],
      permissions: [],
      owner: null,
      platformRisks: isOpen(g) ? ['github-runner-group-open'] : [],
    });
    groups.push(g);
  }
  return groups;
}
