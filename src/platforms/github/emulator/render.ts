import type {
  GhAppData,
  GhCredentialAuthorizationData,
  GhDeployKeyData,
  GhEnvironmentData,
  GhHookData,
  GhInstallationData,
  GhMemberData,
  GhOrgSecretData,
  GhPatGrantData,
  GhPatRequestData,
  GhRepoData,
  GhRunnerGroupData,
  GhSecretData,
  GhUserStub,
  GitHubEstateData,
} from '../estate/types.js';

/** Renders stored estate objects in GitHub's REST wire format (URL fields derived from the emulator's base URL). */
export class Renderer {
  constructor(
    private readonly api: () => string,
    private readonly data: GitHubEstateData,
    private readonly web = 'https://github.com',
  ) {}

  private nodeId(prefix: string, id: number): string {
    return Buffer.from(`${prefix}${id}`).toString('base64');
  }

  user(u: GhUserStub | GhMemberData, withProfile = false): Record<string, unknown> {
    const api = this.api();
    const out: Record<string, unknown> = {};
    // Only what the user made public on the profile: GitHub leaves the keys out otherwise.
    if (withProfile && 'email' in u) {
      if (u.name !== null) out.name = u.name;
      if (u.email !== null) out.email = u.email;
    }
    Object.assign(out, {
      login: u.login,
      id: u.id,
      node_id: this.nodeId(u.type === 'Organization' ? '04:Organization' : '04:User', u.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
      gravatar_id: '',
      url: `${api}/users/${u.login}`,
      html_url: `${this.web}/${u.login}`,
      followers_url: `${api}/users/${u.login}/followers`,
      following_url: `${api}/users/${u.login}/following{/other_user}`,
      gists_url: `${api}/users/${u.login}/gists{/gist_id}`,
      starred_url: `${api}/users/${u.login}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/users/${u.login}/subscriptions`,
      organizations_url: `${api}/users/${u.login}/orgs`,
      repos_url: `${api}/users/${u.login}/repos`,
      events_url: `${api}/users/${u.login}/events{/privacy}`,
      received_events_url: `${api}/users/${u.login}/received_events`,
      type: u.type,
      user_view_type: 'public',
      site_admin: false,
    });
    return out;
  }

  orgUser(): Record<string, unknown> {
    return this.user({ login: this.data.org.login, id: this.data.org.id, type: 'Organization' });
  }

  repository(r: GhRepoData): Record<string, unknown> {
    const api = this.api();
    const full = `${this.data.org.login}/${r.name}`;
    const u = `${api}/repos/${full}`;
    return {
      id: r.id,
      node_id: this.nodeId('010:Repository', r.id),
      name: r.name,
      full_name: full,
      private: r.private,
      owner: this.orgUser(),
      html_url: `${this.web}/${full}`,
      description: r.description,
      fork: r.fork,
      url: u,
      hooks_url: `${u}/hooks`,
      keys_url: `${u}/keys{/key_id}`,
      git_url: `git://github.com/${full}.git`,
      ssh_url: `git@github.com:${full}.git`,
      clone_url: `${this.web}/${full}.git`,
      language: r.language,
      archived: r.archived,
      disabled: false,
      visibility: r.visibility,
      default_branch: r.default_branch,
      created_at: r.created_at,
      updated_at: r.updated_at,
      pushed_at: r.pushed_at,
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    };
  }

  installation(i: GhInstallationData): Record<string, unknown> {
    const api = this.api();
    return {
      id: i.id,
      client_id: i.client_id,
      account: this.orgUser(),
      repository_selection: i.repository_selection,
      access_tokens_url: `${api}/app/installations/${i.id}/access_tokens`,
      repositories_url: `${api}/installation/repositories`,
      html_url: `${this.web}/organizations/${this.data.org.login}/settings/installations/${i.id}`,
      app_id: i.app_id,
      app_slug: i.app_slug,
      target_id: this.data.org.id,
      target_type: 'Organization',
      permissions: i.permissions,
      events: i.events,
      created_at: i.created_at,
      updated_at: i.updated_at,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: i.suspended_by ? this.user(i.suspended_by) : null,
      suspended_at: i.suspended_at,
      contact_email: i.contact_email,
    };
  }

  app(a: GhAppData): Record<string, unknown> {
    return {
      id: a.id,
      slug: a.slug,
      client_id: a.client_id,
      node_id: this.nodeId('03:Integration', a.id),
      owner: this.user(a.owner),
      name: a.name,
      description: a.description,
      external_url: a.external_url,
      html_url: `${this.web}/apps/${a.slug}`,
      created_at: a.created_at,
      updated_at: a.updated_at,
      permissions: a.permissions,
      events: a.events,
    };
  }

  credentialAuthorization(c: GhCredentialAuthorizationData): Record<string, unknown> {
    return { ...c };
  }

  patGrant(g: GhPatGrantData): Record<string, unknown> {
    return {
      id: g.id,
      owner: this.user(g.owner),
      repository_selection: g.repository_selection,
      repositories_url: `${this.api()}/organizations/${this.data.org.id}/personal-access-tokens/${g.id}/repositories`,
      permissions: g.permissions,
      access_granted_at: g.access_granted_at,
      token_id: g.token_id,
      token_name: g.token_name,
      token_expired: g.token_expired,
      token_expires_at: g.token_expires_at,
      token_last_used_at: g.token_last_used_at,
    };
  }

  patRequest(r: GhPatRequestData): Record<string, unknown> {
    return {
      id: r.id,
      reason: r.reason,
      owner: this.user(r.owner),
      repository_selection: r.repository_selection,
      repositories_url: `${this.api()}/organizations/${this.data.org.id}/personal-access-token-requests/${r.id}/repositories`,
      permissions: r.permissions,
      created_at: r.created_at,
      token_id: r.token_id,
      token_name: r.token_name,
      token_expired: r.token_expired,
      token_expires_at: r.token_expires_at,
      token_last_used_at: r.token_last_used_at,
    };
  }

  deployKey(repo: GhRepoData, k: GhDeployKeyData): Record<string, unknown> {
    return {
      id: k.id,
      key: k.key,
      url: `${this.api()}/repos/${this.data.org.login}/${repo.name}/keys/${k.id}`,
      title: k.title,
      verified: k.verified,
      created_at: k.created_at,
      read_only: k.read_only,
      added_by: k.added_by,
      last_used: k.last_used,
      enabled: k.enabled,
    };
  }

  /** An org secret of one store (`actions`, `dependabot`, `codespaces`: the path segment of its API). */
  orgSecret(s: GhOrgSecretData, store: 'actions' | 'dependabot' | 'codespaces' = 'actions'): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: s.name,
      created_at: s.created_at,
      updated_at: s.updated_at,
      visibility: s.visibility,
    };
    if (s.visibility === 'selected')
      out.selected_repositories_url = `${this.api()}/orgs/${this.data.org.login}/${store}/secrets/${s.name}/repositories`;
    return out;
  }

  /** GitHub's `runner-groups-org` object: URL fields per visibility, the inherited flag's companion when inherited. */
  runnerGroup(g: GhRunnerGroupData): Record<string, unknown> {
    const base = `${this.api()}/orgs/${this.data.org.login}/actions/runner-groups/${g.id}`;
    return {
      id: g.id,
      name: g.name,
      visibility: g.visibility,
      default: g.default,
      ...(g.visibility === 'selected' ? { selected_repositories_url: `${base}/repositories` } : {}),
      runners_url: `${base}/runners`,
      hosted_runners_url: `${base}/hosted-runners`,
      inherited: g.inherited,
      ...(g.inherited ? { inherited_allows_public_repositories: g.allows_public_repositories } : {}),
      allows_public_repositories: g.allows_public_repositories,
      restricted_to_workflows: g.restricted_to_workflows,
      selected_workflows: g.selected_workflows,
      workflow_restrictions_read_only: g.workflow_restrictions_read_only,
    };
  }

  /** GitHub's `environment` object (no protection rules or branch policy: the estate plants none). */
  environment(repo: GhRepoData, e: GhEnvironmentData): Record<string, unknown> {
    const full = `${this.data.org.login}/${repo.name}`;
    return {
      id: e.id,
      node_id: this.nodeId('EN_', e.id),
      name: e.name,
      url: `${this.api()}/repos/${full}/environments/${encodeURIComponent(e.name)}`,
      html_url: `${this.web}/${full}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
      created_at: e.created_at,
      updated_at: e.updated_at,
      protection_rules: [],
      deployment_branch_policy: null,
    };
  }

  repoSecret(s: GhSecretData): Record<string, unknown> {
    return { name: s.name, created_at: s.created_at, updated_at: s.updated_at };
  }

  orgHook(h: GhHookData): Record<string, unknown> {
    const u = `${this.api()}/orgs/${this.data.org.login}/hooks/${h.id}`;
    return {
      id: h.id,
      url: u,
      ping_url: `${u}/pings`,
      deliveries_url: `${u}/deliveries`,
      name: h.name,
      events: h.events,
      active: h.active,
      config: { ...h.config },
      updated_at: h.updated_at,
      created_at: h.created_at,
      type: 'Organization',
    };
  }

  repoHook(repo: GhRepoData, h: GhHookData): Record<string, unknown> {
    const u = `${this.api()}/repos/${this.data.org.login}/${repo.name}/hooks/${h.id}`;
    return {
      type: 'Repository',
      id: h.id,
      name: h.name,
      active: h.active,
      events: h.events,
      config: { ...h.config },
      updated_at: h.updated_at,
      created_at: h.created_at,
      url: u,
      test_url: `${u}/test`,
      ping_url: `${u}/pings`,
      deliveries_url: `${u}/deliveries`,
      last_response: h.last_response ?? { code: null, status: 'unused', message: null },
    };
  }
}
