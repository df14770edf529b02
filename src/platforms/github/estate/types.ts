/**
 * Vendor-shaped data of one generated GitHub organization, as the emulator serves it. Objects are stored in
 * GitHub's wire field names without the URL fields (url, html_url, *_url), which the emulator derives from its own
 * base URL when it renders a page. Repository-scoped objects live on their repository.
 */
export interface GhUserStub {
  login: string;
  id: number;
  type: 'User' | 'Organization' | 'Bot';
}

export interface GhMemberData extends GhUserStub {
  name: string | null;
  /** Exposed on member objects when GitHub shows it (verified-domain email); null otherwise. */
  email: string | null;
  role: 'admin' | 'member';
}

export interface GhAppData {
  id: number;
  slug: string;
  name: string;
  client_id: string;
  owner: GhUserStub;
  description: string | null;
  external_url: string;
  created_at: string;
  updated_at: string;
  permissions: Record<string, string>;
  events: string[];
}

export interface GhInstallationData {
  id: number;
  app_id: number;
  app_slug: string;
  client_id: string;
  repository_selection: 'all' | 'selected';
  /** Repository ids when repository_selection is "selected". */
  repository_ids: number[];
  permissions: Record<string, string>;
  events: string[];
  created_at: string;
  updated_at: string;
  suspended_at: string | null;
  suspended_by: GhUserStub | null;
  contact_email: string | null;
}

export interface GhCredentialAuthorizationData {
  login: string;
  credential_id: number;
  credential_type: 'personal access token' | 'SSH key' | 'OAuth app token' | 'GitHub app token';
  token_last_eight?: string;
  credential_authorized_at: string;
  scopes: string[];
  fingerprint?: string;
  credential_accessed_at: string | null;
  authorized_credential_id: number;
  authorized_credential_title: string | null;
  authorized_credential_note: string | null;
  authorized_credential_expires_at: string | null;
}

export interface GhPatPermissionsData {
  organization?: Record<string, string>;
  repository?: Record<string, string>;
  other?: Record<string, string>;
}

export interface GhPatGrantData {
  id: number;
  owner: GhUserStub;
  repository_selection: 'none' | 'all' | 'subset';
  permissions: GhPatPermissionsData;
  access_granted_at: string;
  token_id: number;
  token_name: string;
  token_expired: boolean;
  token_expires_at: string | null;
  token_last_used_at: string | null;
}

export interface GhPatRequestData extends Omit<GhPatGrantData, 'access_granted_at'> {
  reason: string | null;
  created_at: string;
}

export interface GhDeployKeyData {
  id: number;
  key: string;
  title: string;
  verified: boolean;
  created_at: string;
  read_only: boolean;
  added_by: string | null;
  last_used: string | null;
  enabled: boolean;
}

export interface GhSecretData {
  name: string;
  created_at: string;
  updated_at: string;
}

export interface GhOrgSecretData extends GhSecretData {
  visibility: 'all' | 'private' | 'selected';
  selected_repository_ids: number[];
}

/** A deployment environment of a repository, with its Actions secrets (GET /repos/{owner}/{repo}/environments). */
export interface GhEnvironmentData {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  secrets: GhSecretData[];
}

export interface GhHookData {
  id: number;
  name: 'web';
  active: boolean;
  events: string[];
  config: { url: string; content_type: 'json' | 'form'; insecure_ssl: '0' | '1'; secret?: '********' };
  created_at: string;
  updated_at: string;
  /** Repository hooks only. */
  last_response?: { code: number | null; status: string | null; message: string | null };
}

export interface GhRepoData {
  id: number;
  name: string;
  private: boolean;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  description: string | null;
  language: string | null;
  default_branch: string;
  created_at: string;
  updated_at: string;
  pushed_at: string;
  keys: GhDeployKeyData[];
  secrets: GhSecretData[];
  hooks: GhHookData[];
  /** Dependabot secrets of the repository (GET /repos/{owner}/{repo}/dependabot/secrets). */
  dependabotSecrets: GhSecretData[];
  environments: GhEnvironmentData[];
  /** Codespaces secrets of the repository (GET /repos/{owner}/{repo}/codespaces/secrets); absent = none. */
  codespacesSecrets?: GhSecretData[];
  /** Its Actions OIDC subject template (GET /repos/{owner}/{repo}/actions/oidc/customization/sub); absent = default. */
  oidcSub?: GhRepoOidcSubData;
}

/** GitHub's `oidc-custom-sub-repo`: `use_default: false` without keys = the org's template. */
export interface GhRepoOidcSubData {
  use_default: boolean;
  include_claim_keys?: string[];
}

export interface GitHubEstateData {
  org: { login: string; id: number; name: string; created_at: string; email: string };
  members: GhMemberData[];
  apps: GhAppData[];
  repos: GhRepoData[];
  installations: GhInstallationData[];
  credentialAuthorizations: GhCredentialAuthorizationData[];
  patGrants: GhPatGrantData[];
  patRequests: GhPatRequestData[];
  orgSecrets: GhOrgSecretData[];
  orgHooks: GhHookData[];
  dependabotOrgSecrets: GhOrgSecretData[];
  codespacesOrgSecrets: GhOrgSecretData[];
  /** Self-hosted runner groups of the org (GET /orgs/{org}/actions/runner-groups). */
  runnerGroups: GhRunnerGroupData[];
  /** The org's Actions OIDC subject template (`include_claim_keys` empty = GitHub's default); absent = empty. */
  oidcSubTemplate?: { include_claim_keys: string[] };
  /** Secret-scanning alerts of the org's repositories, open and resolved (GET /orgs/{org}/secret-scanning/alerts). */
  secretScanningAlerts?: GhSecretScanningAlertData[];
  /** The GHEC enterprise account that owns the org (GET /enterprises/{enterprise}/…); absent = none. */
  enterprise?: GhEnterpriseData;
  /** The first-party App installation Steward itself authenticates as (App-installation auth). */
  scanner: { appId: number; appSlug: string; installationId: number };
}

/** A self-hosted runner group as GET /orgs/{org}/actions/runner-groups serves it (GitHub's `runner-groups-org`). */
export interface GhRunnerGroupData {
  id: number;
  name: string;
  visibility: 'all' | 'selected' | 'private';
  default: boolean;
  inherited: boolean;
  allows_public_repositories: boolean;
  restricted_to_workflows: boolean;
  selected_workflows: string[];
  workflow_restrictions_read_only: boolean;
}

/** A GitHub Enterprise Cloud enterprise account (GitHub's `enterprise` object, without URL fields). */
export interface GhEnterpriseData {
  id: number;
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A secret-scanning alert (GitHub's `organization-secret-scanning-alert` without URL and user fields). */
export interface GhSecretScanningAlertData {
  /** Name of the repository it was found in; `number` counts per repository. */
  repo: string;
  number: number;
  created_at: string;
  updated_at: string;
  state: 'open' | 'resolved';
  resolution: 'false_positive' | 'wont_fix' | 'revoked' | 'used_in_tests' | null;
  resolved_at: string | null;
  secret_type: string;
  secret_type_display_name: string;
  provider: string;
  provider_slug: string;
  validity: 'active' | 'inactive' | 'unknown';
  publicly_leaked: boolean;
  multi_repo: boolean;
  push_protection_bypassed: boolean;
  /** First location: a commit. */
  path: string;
  line: number;
  commit_sha: string;
  blob_sha: string;
}
