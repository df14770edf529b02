import type { GhEnterpriseData, GhInstallationData, GhRepoData } from '../estate/types.js';
import type { EmulatorState } from './state.js';

/**
 * GitHub's wire objects for the routes beyond what the connector reads: the full `repository` (installation and
 * selected-repository lists), the `enterprise` account and installations seen from the App or the enterprise.
 */

const WEB = 'https://github.com';
const nodeId = (prefix: string, id: number) => Buffer.from(`${prefix}${id}`).toString('base64');

/** URL templates of a repository, as GitHub lists them on `repository` / `minimal-repository`. */
function repositoryUrls(u: string): Record<string, string> {
  const t = (path: string) => `${u}/${path}`;
  return {
    archive_url: t('{archive_format}{/ref}'),
    assignees_url: t('assignees{/user}'),
    blobs_url: t('git/blobs{/sha}'),
    branches_url: t('branches{/branch}'),
    collaborators_url: t('collaborators{/collaborator}'),
    comments_url: t('comments{/number}'),
    commits_url: t('commits{/sha}'),
    compare_url: t('compare/{base}...{head}'),
    contents_url: t('contents/{+path}'),
    contributors_url: t('contributors'),
    deployments_url: t('deployments'),
    downloads_url: t('downloads'),
    events_url: t('events'),
    forks_url: t('forks'),
    git_commits_url: t('git/commits{/sha}'),
    git_refs_url: t('git/refs{/sha}'),
    git_tags_url: t('git/tags{/sha}'),
    hooks_url: t('hooks'),
    issue_comment_url: t('issues/comments{/number}'),
    issue_events_url: t('issues/events{/number}'),
    issues_url: t('issues{/number}'),
    keys_url: t('keys{/key_id}'),
    labels_url: t('labels{/name}'),
    languages_url: t('languages'),
    merges_url: t('merges'),
    milestones_url: t('milestones{/number}'),
    notifications_url: t('notifications{?since,all,participating}'),
    pulls_url: t('pulls{/number}'),
    releases_url: t('releases{/id}'),
    stargazers_url: t('stargazers'),
    statuses_url: t('statuses/{sha}'),
    subscribers_url: t('subscribers'),
    subscription_url: t('subscription'),
    tags_url: t('tags'),
    teams_url: t('teams'),
    trees_url: t('git/trees{/sha}'),
  };
}

/** GitHub's full `repository` object (a superset of `minimal-repository`); counters the estate does not model are 0. */
export function fullRepository(s: EmulatorState, r: GhRepoData): Record<string, unknown> {
  const full = `${s.org}/${r.name}`;
  const u = `${s.base}/repos/${full}`;
  return {
    ...s.render.repository(r),
    ...repositoryUrls(u),
    license: null,
    forks: 0,
    svn_url: `${WEB}/${full}`,
    mirror_url: null,
    homepage: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: !r.private,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
  };
}

/** GitHub's `enterprise` account object. */
export function enterpriseAccount(e: GhEnterpriseData): Record<string, unknown> {
  return {
    id: e.id,
    node_id: nodeId('E_', e.id),
    slug: e.slug,
    name: e.name,
    description: null,
    website_url: null,
    html_url: `${WEB}/enterprises/${e.slug}`,
    created_at: e.created_at,
    updated_at: e.updated_at,
    avatar_url: `https://avatars.githubusercontent.com/b/${e.id}?v=4`,
  };
}

/** The scanner App's installation on the enterprise account (id = org installation id + 1, repository-less). */
export function enterpriseInstallation(s: EmulatorState, e: GhEnterpriseData): Record<string, unknown> {
  const org = s.data.installations.find((i) => i.id === s.data.scanner.installationId)!;
  const id = org.id + 1;
  return {
    ...s.render.installation(org),
    id,
    account: enterpriseAccount(e),
    access_tokens_url: `${s.base}/app/installations/${id}/access_tokens`,
    html_url: `${WEB}/enterprises/${e.slug}/settings/installations/${id}`,
    target_id: e.id,
    target_type: 'Enterprise',
    permissions: { enterprise_organization_installations: 'read', metadata: 'read' },
    events: [],
  };
}

/** An installation on the org as the enterprise's installations API lists it (`enterprise-organization-installation`). */
export function enterpriseOrgInstallation(s: EmulatorState, e: GhEnterpriseData, i: GhInstallationData) {
  return {
    id: i.id,
    app_slug: i.app_slug,
    client_id: i.client_id,
    repository_selection: i.repository_selection,
    repositories_url: `${s.base}/enterprises/${e.slug}/apps/organizations/${s.org}/installations/${i.id}/repositories`,
    permissions: i.permissions,
    events: i.events,
    created_at: i.created_at,
    updated_at: i.updated_at,
  };
}

/** The repositories an installation reaches: every org repository for `all`, else its selected ones. */
export const installationRepos = (s: EmulatorState, i: GhInstallationData): GhRepoData[] =>
  i.repository_selection === 'all' ? s.data.repos : s.data.repos.filter((r) => i.repository_ids.includes(r.id));
