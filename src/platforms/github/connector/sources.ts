import type { SourceSpec } from '../../../sync/sources.js';

/**
 * The GitHub resource lists the connector reads (docs/connectors/github.md, "Sources"). Permissions as GitHub's REST
 * reference names them: the fine-grained permission (GitHub App installation / fine-grained PAT), then the scope a
 * classic PAT needs. Endpoints are GitHub's documented templates, as the emulator's endpoint faults match them.
 */
export const SOURCE = {
  members: 'members',
  installations: 'installations',
  credentialAuthorizations: 'credential-authorizations',
  patGrants: 'pat-grants',
  patRequests: 'pat-requests',
  orgSecrets: 'org-secrets',
  orgHooks: 'org-hooks',
  dependabotOrgSecrets: 'dependabot-org-secrets',
  codespacesOrgSecrets: 'codespaces-org-secrets',
  runnerGroups: 'runner-groups',
  oidcOrgSubTemplate: 'oidc-org-sub-template',
  secretScanningAlerts: 'secret-scanning-alerts',
  repositories: 'repositories',
  repoDeployKeys: 'repo-deploy-keys',
  repoSecrets: 'repo-secrets',
  repoHooks: 'repo-hooks',
  dependabotRepoSecrets: 'dependabot-repo-secrets',
  environmentSecrets: 'environment-secrets',
  oidcRepoSubTemplates: 'oidc-repo-sub-templates',
} as const;

export const GITHUB_SOURCES: readonly SourceSpec[] = [
  {
    id: SOURCE.members,
    title: 'organization members (people)',
    endpoints: ['GET /orgs/{org}/members'],
    permission: '"Members" organization permission (read) / classic PAT: read:org',
    required: false,
    people: true,
  },
  {
    id: SOURCE.installations,
    title: 'GitHub App installations, with each App (publisher)',
    endpoints: ['GET /orgs/{org}/installations', 'GET /apps/{app_slug}'],
    permission: '"Administration" organization permission (read) / classic PAT: admin:read, as an organization owner',
    required: false,
    lists: ['installation'],
  },
  {
    id: SOURCE.credentialAuthorizations,
    title: 'SAML SSO credential authorizations (classic PATs, SSH keys, OAuth and App user tokens)',
    endpoints: ['GET /orgs/{org}/credential-authorizations'],
    permission:
      '"Administration" organization permission (read) / classic PAT: read:org, as an organization owner; GitHub Enterprise Cloud with SAML SSO only (404 otherwise)',
    required: false,
    lists: ['credential_authorization'],
  },
  {
    id: SOURCE.patGrants,
    title: 'fine-grained PAT grants',
    endpoints: ['GET /orgs/{org}/personal-access-tokens'],
    permission: '"Personal access tokens" organization permission (read); GitHub App auth only (a PAT gets 403)',
    required: false,
    lists: ['pat_grant'],
  },
  {
    id: SOURCE.patRequests,
    title: 'pending fine-grained PAT requests',
    endpoints: ['GET /orgs/{org}/personal-access-token-requests'],
    permission:
      '"Personal access token requests" organization permission (read); GitHub App auth only (a PAT gets 403)',
    required: false,
    lists: ['pat_request'],
  },
  {
    id: SOURCE.orgSecrets,
    title: 'organization Actions secrets',
    endpoints: ['GET /orgs/{org}/actions/secrets'],
    permission: '"Secrets" organization permission (read) / classic PAT: admin:org (and repo for private repositories)',
    required: false,
    lists: ['org_secret'],
  },
  {
    id: SOURCE.orgHooks,
    title: 'organization webhooks',
    endpoints: ['GET /orgs/{org}/hooks'],
    permission: '"Webhooks" organization permission (read) / classic PAT: admin:org_hook',
    required: false,
    lists: ['org_hook'],
  },
  {
    id: SOURCE.dependabotOrgSecrets,
    title: 'organization Dependabot secrets',
    endpoints: ['GET /orgs/{org}/dependabot/secrets'],
    permission: '"Organization dependabot secrets" organization permission (read) / classic PAT: admin:org',
    required: false,
    lists: ['dependabot_org_secret'],
  },
  {
    id: SOURCE.codespacesOrgSecrets,
    title: 'organization Codespaces secrets',
    endpoints: ['GET /orgs/{org}/codespaces/secrets'],
    permission: '"Organization codespaces secrets" organization permission (read) / classic PAT: admin:org',
    required: false,
    lists: ['codespaces_org_secret'],
  },
  {
    id: SOURCE.runnerGroups,
    title: 'self-hosted runner groups (which repositories and workflows may use self-hosted runners)',
    endpoints: ['GET /orgs/{org}/actions/runner-groups'],
    permission: '"Self-hosted runners" organization permission (read) / classic PAT: admin:org',
    required: false,
    lists: ['runner_group'],
  },
  {
    id: SOURCE.oidcOrgSubTemplate,
    title: "the organization's Actions OIDC subject-claim template (what the sub of its workflows' tokens holds)",
    endpoints: ['GET /orgs/{org}/actions/oidc/customization/sub'],
    permission: '"Administration" organization permission (read) / classic PAT: read:org',
    required: false,
    lists: ['org_oidc_sub_template'],
  },
  {
    id: SOURCE.secretScanningAlerts,
    title: 'open secret-scanning alerts (leaked secrets) of the organization',
    endpoints: ['GET /orgs/{org}/secret-scanning/alerts'],
    permission:
      '"Secret scanning alerts" repository permission (read) / classic PAT: repo or security_events, as an organization owner or security manager; 404 where secret scanning is off',
    required: false,
    lists: ['secret_scanning_alert'],
  },
  {
    // Required: without the repository list the repository-scoped sources cannot run and the org means little.
    id: SOURCE.repositories,
    title: 'organization repositories (scope of deploy keys, repository secrets and hooks)',
    endpoints: ['GET /orgs/{org}/repos'],
    permission: '"Metadata" repository permission (read) / classic PAT: repo (private repositories)',
    required: true,
  },
  {
    id: SOURCE.repoDeployKeys,
    title: 'deploy keys of each repository',
    endpoints: ['GET /repos/{owner}/{repo}/keys'],
    permission: '"Administration" repository permission (read) / classic PAT: repo, as a repository admin',
    required: false,
    lists: ['deploy_key'],
  },
  {
    id: SOURCE.repoSecrets,
    title: 'Actions secrets of each repository',
    endpoints: ['GET /repos/{owner}/{repo}/actions/secrets'],
    permission: '"Secrets" repository permission (read) / classic PAT: repo',
    required: false,
    lists: ['repo_secret'],
  },
  {
    id: SOURCE.repoHooks,
    title: 'webhooks of each repository',
    endpoints: ['GET /repos/{owner}/{repo}/hooks'],
    permission: '"Webhooks" repository permission (read) / classic PAT: read:repo_hook or repo',
    required: false,
    lists: ['repo_hook'],
  },
  {
    id: SOURCE.dependabotRepoSecrets,
    title: 'Dependabot secrets of each repository',
    endpoints: ['GET /repos/{owner}/{repo}/dependabot/secrets'],
    permission: '"Dependabot secrets" repository permission (read) / classic PAT: repo',
    required: false,
    lists: ['dependabot_repo_secret'],
  },
  {
    id: SOURCE.environmentSecrets,
    title: "deployment environments of each repository, and each environment's Actions secrets",
    endpoints: [
      'GET /repos/{owner}/{repo}/environments',
      'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets',
    ],
    permission:
      '"Actions" repository permission (read) for the environments and "Environments" repository permission (read) for their secrets / classic PAT: repo',
    required: false,
    lists: ['environment_secret'],
  },
  {
    id: SOURCE.oidcRepoSubTemplates,
    title: "each repository's Actions OIDC subject-claim template (its own, the org's, or GitHub's default)",
    endpoints: ['GET /repos/{owner}/{repo}/actions/oidc/customization/sub'],
    permission: '"Actions" repository permission (read) / classic PAT: repo',
    required: false,
    lists: ['repo_oidc_sub_template'],
  },
];

/**
 * Raw field names whose values are secrets in GitHub payloads: a webhook's `config.secret` (github.com masks it as
 * "********"; not every proxy or older GHES does) and an installation access token's `token`.
 */
export const GITHUB_SECRET_FIELDS: readonly string[] = ['secret', 'token'];
