import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * The estate's own GitHub permission facts: every permission the generator hands out, with the tier its ground
 * truth assumes (access level × sensitivity, path to org owner). Written from GitHub's permission documentation
 * ("Permissions required for GitHub Apps", "Scopes for OAuth apps", deploy keys, webhook events), independently
 * of the connector's mapping (connector/permission-map.ts); estate/agreement.test.ts compares the two tables.
 */
export interface PermissionFact {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

interface AppPermission {
  sensitivity: Sensitivity;
  /** Write on it lets the holder make itself or anyone an org owner (manage members, roles, org settings). */
  ownerAtWrite: boolean;
}
const app = (sensitivity: Sensitivity, ownerAtWrite = false): AppPermission => ({ sensitivity, ownerAtWrite });

/** GitHub App / fine-grained PAT permissions the estate grants (installation permissions, PAT grant groups). */
export const APP_PERMISSIONS: Readonly<Record<string, AppPermission>> = {
  // Repository permissions.
  actions: app('high'),
  administration: app('high'),
  checks: app('low'),
  contents: app('high'),
  deployments: app('medium'),
  environments: app('high'),
  issues: app('medium'),
  metadata: app('low'),
  pages: app('low'),
  pull_requests: app('medium'),
  repository_hooks: app('medium'),
  secrets: app('high'),
  security_events: app('medium'),
  statuses: app('low'),
  vulnerability_alerts: app('medium'),
  workflows: app('high'),
  // Organization permissions.
  members: app('high', true),
  organization_administration: app('high', true),
  organization_hooks: app('medium'),
  organization_personal_access_token_requests: app('medium'),
  organization_personal_access_tokens: app('high'),
  organization_secrets: app('high'),
};

/** `key: level` of an App or fine-grained PAT → its facts. Throws for a key this catalogue does not know. */
export function appPermission(key: string, level: string): PermissionFact {
  const p = APP_PERMISSIONS[key];
  if (!p) throw new Error(`GitHub estate catalogue has no App permission "${key}"`);
  const access: AccessLevel = level === 'admin' ? 'admin' : level === 'write' ? 'write' : 'read';
  return { access, sensitivity: p.sensitivity, pathToAdmin: p.ownerAtWrite && access !== 'read' };
}

const scope = (access: AccessLevel, sensitivity: Sensitivity, pathToAdmin = false): PermissionFact => ({
  access,
  sensitivity,
  pathToAdmin,
});

/** Classic OAuth / PAT scopes the estate's SSO credential authorizations carry. */
export const CLASSIC_SCOPES: Readonly<Record<string, PermissionFact>> = {
  repo: scope('write', 'high'),
  public_repo: scope('write', 'medium'),
  workflow: scope('write', 'high'),
  delete_repo: scope('admin', 'high'),
  'admin:org': scope('admin', 'high', true),
  'read:org': scope('read', 'medium'),
  'admin:repo_hook': scope('admin', 'medium'),
  'admin:org_hook': scope('admin', 'medium'),
  'read:packages': scope('read', 'low'),
  'write:packages': scope('write', 'medium'),
  'read:user': scope('read', 'low'),
  'user:email': scope('read', 'medium'),
  'read:audit_log': scope('read', 'medium'),
  notifications: scope('read', 'low'),
  gist: scope('write', 'low'),
};

export function classicScope(name: string): PermissionFact {
  const s = CLASSIC_SCOPES[name];
  if (!s) throw new Error(`GitHub estate catalogue has no classic scope "${name}"`);
  return s;
}

/** Deploy keys: read_only → contents read; otherwise contents write (push to every unprotected branch). */
export function deployKeyPermission(readOnly: boolean): PermissionFact & { nativeName: string } {
  return readOnly
    ? { nativeName: 'contents:read', access: 'read', sensitivity: 'high', pathToAdmin: false }
    : { nativeName: 'contents:write', access: 'write', sensitivity: 'high', pathToAdmin: false };
}

/** Webhook events the estate subscribes hooks to: what each sends out (a hook only reads). */
export const WEBHOOK_EVENTS: Readonly<Record<string, Sensitivity>> = {
  '*': 'high',
  push: 'high',
  workflow_run: 'high',
  deployment: 'high',
  member: 'high',
  organization: 'high',
  pull_request: 'medium',
  pull_request_review: 'medium',
  issues: 'medium',
  issue_comment: 'medium',
  release: 'medium',
  deployment_status: 'medium',
  repository: 'medium',
  check_run: 'low',
  check_suite: 'low',
  status: 'low',
};

export function webhookEvent(event: string): PermissionFact {
  const sensitivity = WEBHOOK_EVENTS[event];
  if (!sensitivity) throw new Error(`GitHub estate catalogue has no webhook event "${event}"`);
  return { access: 'read', sensitivity, pathToAdmin: false };
}

/** github-app-org-wide-sensitive-write: the keys whose write on an org-wide installation is planted (../risks.ts). */
export const ORG_WIDE_SENSITIVE_KEYS: readonly string[] = [
  'administration',
  'secrets',
  'workflows',
  'organization_administration',
];
