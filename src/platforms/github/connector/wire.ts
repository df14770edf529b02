/**
 * The subset of GitHub REST wire shapes the transforms read (field names exactly as GitHub sends them).
 * Everything is optional-tolerant where GitHub documents nulls; transforms never assume more than this.
 */
export interface GhSimpleUser {
  login: string;
  id: number;
  type?: string;
  site_admin?: boolean;
  name?: string | null;
  email?: string | null;
}

export interface GhRepository {
  id: number;
  name: string;
  full_name: string;
  private?: boolean;
  visibility?: string;
  archived?: boolean;
  owner?: GhSimpleUser;
}

export interface GhInstallation {
  id: number;
  app_id: number;
  app_slug: string;
  client_id?: string;
  account?: GhSimpleUser | { slug?: string; name?: string; id: number } | null;
  target_id?: number;
  target_type?: string;
  repository_selection: 'all' | 'selected';
  permissions: Record<string, string | undefined>;
  events: string[];
  created_at: string;
  updated_at: string;
  suspended_at: string | null;
  suspended_by: GhSimpleUser | null;
  single_file_name?: string | null;
  contact_email?: string | null;
}

/** GET /apps/{app_slug} (the "integration" schema). */
export interface GhApp {
  id: number;
  slug?: string;
  name: string;
  owner: GhSimpleUser | { slug?: string; name?: string; id: number; html_url?: string } | null;
  external_url?: string | null;
  html_url?: string;
  description?: string | null;
}

export type GhCredentialType = 'personal access token' | 'SSH key' | 'OAuth app token' | 'GitHub app token';

export interface GhCredentialAuthorization {
  login: string;
  credential_id: number;
  credential_type: GhCredentialType | string;
  token_last_eight?: string;
  credential_authorized_at: string;
  scopes?: string[];
  fingerprint?: string;
  credential_accessed_at: string | null;
  authorized_credential_id: number | null;
  authorized_credential_title?: string | null;
  authorized_credential_note?: string | null;
  authorized_credential_expires_at?: string | null;
}

export interface GhPatPermissions {
  organization?: Record<string, string>;
  repository?: Record<string, string>;
  other?: Record<string, string>;
}

export interface GhPatGrant {
  id: number;
  owner: GhSimpleUser;
  repository_selection: 'none' | 'all' | 'subset';
  repositories_url?: string;
  permissions: GhPatPermissions;
  access_granted_at: string;
  token_id: number;
  token_name: string;
  token_expired: boolean;
  token_expires_at: string | null;
  token_last_used_at: string | null;
}

export interface GhPatRequest extends Omit<GhPatGrant, 'access_granted_at'> {
  reason: string | null;
  created_at: string;
}

export interface GhDeployKey {
  id: number;
  key: string;
  url?: string;
  title: string;
  verified?: boolean;
  created_at: string;
  read_only: boolean;
  added_by?: string | null;
  last_used?: string | null;
  enabled?: boolean;
}

export interface GhOrgSecret {
  name: string;
  created_at: string;
  updated_at: string;
  visibility: 'all' | 'private' | 'selected';
  selected_repositories_url?: string;
}

export interface GhRepoSecret {
  name: string;
  created_at: string;
  updated_at: string;
}

export interface GhHookConfig {
  url?: string;
  content_type?: string;
  secret?: string;
  insecure_ssl?: string | number;
}

export interface GhHook {
  id: number;
  type?: string;
  name: string;
  active: boolean;
  events: string[];
  config: GhHookConfig;
  created_at: string;
  updated_at: string;
  url?: string;
  last_response?: { code: number | null; status: string | null; message: string | null } | null;
}

/** GET /orgs/{org}/dependabot/secrets and GET /orgs/{org}/codespaces/secrets items: an org secret's shape. */
export type GhDependabotOrgSecret = GhOrgSecret;
export type GhCodespacesOrgSecret = GhOrgSecret;
/** GET /repos/{owner}/{repo}/dependabot/secrets and …/environments/{environment_name}/secrets items. */
export type GhDependabotRepoSecret = GhRepoSecret;

/** GET /repos/{owner}/{repo}/environments items ({total_count, environments}); the connector reads `name` only. */
export interface GhEnvironment {
  id: number;
  node_id?: string;
  name: string;
  url?: string;
  html_url?: string;
  created_at?: string;
  updated_at?: string;
  protection_rules?: unknown[];
  deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

/** One environment secret as the connector hands it to its transform: the environment it was listed under, and the item. */
export interface GhEnvironmentSecretItem {
  environment: string;
  secret: GhRepoSecret;
}

/**
 * GET /orgs/{org}/actions/runner-groups items (`{total_count, runner_groups}`): a group of self-hosted runners and
 * which repositories and workflows may send jobs to it. `visibility` is `all`, `selected` or `private` (GitHub's
 * `runner-groups-org` schema); inherited groups come from the enterprise.
 */
export interface GhRunnerGroup {
  id: number;
  name: string;
  visibility: string;
  default: boolean;
  runners_url?: string;
  selected_repositories_url?: string;
  inherited: boolean;
  inherited_allows_public_repositories?: boolean;
  allows_public_repositories: boolean;
  restricted_to_workflows?: boolean;
  selected_workflows?: string[];
  workflow_restrictions_read_only?: boolean;
  hosted_runners_url?: string;
  network_configuration_id?: string;
}

/** GET /orgs/{org}/actions/oidc/customization/sub (GitHub's `oidc-custom-sub`). */
export interface GhOidcOrgSubTemplate {
  include_claim_keys: string[];
  use_immutable_subject?: boolean;
}

/** GET /repos/{owner}/{repo}/actions/oidc/customization/sub (GitHub's `oidc-custom-sub-repo`). */
export interface GhOidcRepoSubTemplate {
  use_default: boolean;
  include_claim_keys?: string[];
  use_immutable_subject?: boolean;
  sub_claim_prefix?: string;
}

/** GET /orgs/{org}/secret-scanning/alerts items (GitHub's `organization-secret-scanning-alert`), hide_secret=true. */
export interface GhSecretScanningAlert {
  number: number;
  created_at: string;
  updated_at?: string | null;
  state: string;
  resolution?: string | null;
  secret_type: string;
  secret_type_display_name?: string;
  provider?: string | null;
  validity?: string;
  publicly_leaked?: boolean | null;
  multi_repo?: boolean | null;
  push_protection_bypassed?: boolean | null;
  /** Sent only without hide_secret=true; the connector never asks for it. */
  secret?: string;
  repository: { id: number; name: string; full_name: string };
}
