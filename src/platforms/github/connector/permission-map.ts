import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * GitHub permission mapping tables, kept as data, used by the transforms and by github-app-org-wide-sensitive-write.
 * The estate generator labels from its own catalogue (../estate/catalogue.ts); ../estate/agreement.test.ts compares
 * the two. See docs/connectors/github.md.
 */
export interface PermissionRisk {
  sensitivity: Sensitivity;
  /** Holding this at `write` (or above) lets the holder make itself, or anyone, an organization owner/administrator. */
  adminAtWrite: boolean;
}

/**
 * GitHub App / fine-grained PAT permission keys (installation.permissions, PAT grant permissions.{organization,
 * repository,other}). Access = the level GitHub reports (read | write | admin). Unknown keys: medium, no path.
 */
export const APP_PERMISSION_RISK: Readonly<Record<string, PermissionRisk>> = {
  // repository
  actions: { sensitivity: 'high', adminAtWrite: false },
  administration: { sensitivity: 'high', adminAtWrite: false },
  artifact_metadata: { sensitivity: 'low', adminAtWrite: false },
  attestations: { sensitivity: 'low', adminAtWrite: false },
  checks: { sensitivity: 'low', adminAtWrite: false },
  code_quality: { sensitivity: 'low', adminAtWrite: false },
  codespaces: { sensitivity: 'high', adminAtWrite: false },
  contents: { sensitivity: 'high', adminAtWrite: false },
  dependabot_secrets: { sensitivity: 'high', adminAtWrite: false },
  deployments: { sensitivity: 'medium', adminAtWrite: false },
  discussions: { sensitivity: 'low', adminAtWrite: false },
  environments: { sensitivity: 'high', adminAtWrite: false },
  issues: { sensitivity: 'medium', adminAtWrite: false },
  merge_queues: { sensitivity: 'low', adminAtWrite: false },
  metadata: { sensitivity: 'low', adminAtWrite: false },
  packages: { sensitivity: 'medium', adminAtWrite: false },
  pages: { sensitivity: 'low', adminAtWrite: false },
  pull_requests: { sensitivity: 'medium', adminAtWrite: false },
  repository_custom_properties: { sensitivity: 'low', adminAtWrite: false },
  repository_hooks: { sensitivity: 'medium', adminAtWrite: false },
  repository_projects: { sensitivity: 'low', adminAtWrite: false },
  secret_scanning_alerts: { sensitivity: 'high', adminAtWrite: false },
  secrets: { sensitivity: 'high', adminAtWrite: false },
  security_events: { sensitivity: 'medium', adminAtWrite: false },
  single_file: { sensitivity: 'medium', adminAtWrite: false },
  statuses: { sensitivity: 'low', adminAtWrite: false },
  vulnerability_alerts: { sensitivity: 'medium', adminAtWrite: false },
  workflows: { sensitivity: 'high', adminAtWrite: false },
  // organization
  custom_properties_for_organizations: { sensitivity: 'low', adminAtWrite: false },
  members: { sensitivity: 'high', adminAtWrite: true },
  organization_administration: { sensitivity: 'high', adminAtWrite: true },
  organization_custom_roles: { sensitivity: 'high', adminAtWrite: true },
  organization_custom_org_roles: { sensitivity: 'high', adminAtWrite: true },
  organization_custom_properties: { sensitivity: 'low', adminAtWrite: false },
  organization_copilot_seat_management: { sensitivity: 'low', adminAtWrite: false },
  organization_copilot_agent_settings: { sensitivity: 'low', adminAtWrite: false },
  organization_announcement_banners: { sensitivity: 'low', adminAtWrite: false },
  organization_events: { sensitivity: 'medium', adminAtWrite: false },
  organization_hooks: { sensitivity: 'medium', adminAtWrite: false },
  organization_personal_access_tokens: { sensitivity: 'high', adminAtWrite: false },
  organization_personal_access_token_requests: { sensitivity: 'medium', adminAtWrite: false },
  organization_plan: { sensitivity: 'low', adminAtWrite: false },
  organization_projects: { sensitivity: 'low', adminAtWrite: false },
  organization_packages: { sensitivity: 'medium', adminAtWrite: false },
  organization_secrets: { sensitivity: 'high', adminAtWrite: false },
  organization_self_hosted_runners: { sensitivity: 'high', adminAtWrite: false },
  organization_user_blocking: { sensitivity: 'medium', adminAtWrite: false },
  // account ("other")
  email_addresses: { sensitivity: 'medium', adminAtWrite: false },
  followers: { sensitivity: 'low', adminAtWrite: false },
  git_ssh_keys: { sensitivity: 'high', adminAtWrite: false },
  gpg_keys: { sensitivity: 'medium', adminAtWrite: false },
  interaction_limits: { sensitivity: 'low', adminAtWrite: false },
  profile: { sensitivity: 'low', adminAtWrite: false },
  starring: { sensitivity: 'low', adminAtWrite: false },
  // enterprise
  enterprise_administration: { sensitivity: 'high', adminAtWrite: true },
  enterprise_custom_properties_for_organizations: { sensitivity: 'low', adminAtWrite: false },
  enterprise_organization_installations: { sensitivity: 'high', adminAtWrite: true },
  enterprise_organization_installation_repositories: { sensitivity: 'medium', adminAtWrite: false },
};

export const UNKNOWN_PERMISSION_RISK: PermissionRisk = { sensitivity: 'medium', adminAtWrite: false };

export interface NormalizedAccess {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

/** GitHub App / fine-grained permission `key: level` → normalized tier. */
export function appPermissionAccess(key: string, level: string): NormalizedAccess {
  const risk = APP_PERMISSION_RISK[key] ?? UNKNOWN_PERMISSION_RISK;
  const access: AccessLevel = level === 'admin' ? 'admin' : level === 'write' ? 'write' : 'read';
  return { access, sensitivity: risk.sensitivity, pathToAdmin: risk.adminAtWrite && access !== 'read' };
}

/** Classic OAuth / PAT scopes (credential authorizations `scopes[]`). Unknown scopes: read, medium. */
export const CLASSIC_SCOPE_ACCESS: Readonly<Record<string, NormalizedAccess>> = {
  repo: { access: 'write', sensitivity: 'high', pathToAdmin: false },
  'repo:status': { access: 'write', sensitivity: 'low', pathToAdmin: false },
  repo_deployment: { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  public_repo: { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  'repo:invite': { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  security_events: { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  'admin:repo_hook': { access: 'admin', sensitivity: 'medium', pathToAdmin: false },
  'write:repo_hook': { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  'read:repo_hook': { access: 'read', sensitivity: 'low', pathToAdmin: false },
  'admin:org': { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  'write:org': { access: 'write', sensitivity: 'high', pathToAdmin: false },
  'read:org': { access: 'read', sensitivity: 'medium', pathToAdmin: false },
  'admin:public_key': { access: 'admin', sensitivity: 'high', pathToAdmin: false },
  'write:public_key': { access: 'write', sensitivity: 'high', pathToAdmin: false },
  'read:public_key': { access: 'read', sensitivity: 'low', pathToAdmin: false },
  'admin:org_hook': { access: 'admin', sensitivity: 'medium', pathToAdmin: false },
  gist: { access: 'write', sensitivity: 'low', pathToAdmin: false },
  notifications: { access: 'read', sensitivity: 'low', pathToAdmin: false },
  user: { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  'read:user': { access: 'read', sensitivity: 'low', pathToAdmin: false },
  'user:email': { access: 'read', sensitivity: 'medium', pathToAdmin: false },
  'user:follow': { access: 'write', sensitivity: 'low', pathToAdmin: false },
  project: { access: 'write', sensitivity: 'low', pathToAdmin: false },
  'read:project': { access: 'read', sensitivity: 'low', pathToAdmin: false },
  delete_repo: { access: 'admin', sensitivity: 'high', pathToAdmin: false },
  'write:packages': { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  'read:packages': { access: 'read', sensitivity: 'low', pathToAdmin: false },
  'delete:packages': { access: 'admin', sensitivity: 'medium', pathToAdmin: false },
  'admin:gpg_key': { access: 'admin', sensitivity: 'medium', pathToAdmin: false },
  'write:gpg_key': { access: 'write', sensitivity: 'medium', pathToAdmin: false },
  'read:gpg_key': { access: 'read', sensitivity: 'low', pathToAdmin: false },
  codespace: { access: 'write', sensitivity: 'high', pathToAdmin: false },
  workflow: { access: 'write', sensitivity: 'high', pathToAdmin: false },
  'read:audit_log': { access: 'read', sensitivity: 'medium', pathToAdmin: false },
  'admin:enterprise': { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  'manage_runners:enterprise': { access: 'admin', sensitivity: 'high', pathToAdmin: false },
  'manage_billing:enterprise': { access: 'admin', sensitivity: 'medium', pathToAdmin: false },
  'read:enterprise': { access: 'read', sensitivity: 'medium', pathToAdmin: false },
  'admin:ssh_signing_key': { access: 'admin', sensitivity: 'medium', pathToAdmin: false },
  site_admin: { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  copilot: { access: 'write', sensitivity: 'low', pathToAdmin: false },
};

export function classicScopeAccess(scope: string): NormalizedAccess {
  return CLASSIC_SCOPE_ACCESS[scope] ?? { access: 'read', sensitivity: 'medium', pathToAdmin: false };
}

/**
 * Deploy keys: read_only true → `contents:read`, false → `contents:write` (push, incl. force-push, to every branch
 * not protected against it).
 */
export function deployKeyAccess(readOnly: boolean): NormalizedAccess & { nativeName: string } {
  return readOnly
    ? { nativeName: 'contents:read', access: 'read', sensitivity: 'high', pathToAdmin: false }
    : { nativeName: 'contents:write', access: 'write', sensitivity: 'high', pathToAdmin: false };
}

/** Webhook events: what the hook sends out. `*` (every event) and code/secret-bearing events are high. */
const HIGH_EVENTS = new Set([
  '*',
  'push',
  'secret_scanning_alert',
  'repository_vulnerability_alert',
  'member',
  'organization',
  'workflow_job',
  'workflow_run',
  'deployment',
  'deploy_key',
  'personal_access_token_request',
]);
const LOW_EVENTS = new Set([
  'ping',
  'star',
  'watch',
  'fork',
  'status',
  'check_run',
  'check_suite',
  'label',
  'milestone',
  'public',
]);
export function webhookEventAccess(event: string): NormalizedAccess {
  return {
    access: 'read',
    sensitivity: HIGH_EVENTS.has(event) ? 'high' : LOW_EVENTS.has(event) ? 'low' : 'medium',
    pathToAdmin: false,
  };
}

/** Permission keys whose write/admin on an org-wide installation is flagged by github-app-org-wide-sensitive-write. */
export const ORG_WIDE_SENSITIVE_KEYS: readonly string[] = [
  'administration',
  'secrets',
  'workflows',
  'organization_administration',
];
