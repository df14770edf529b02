import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * The estate's own catalogue of Okta facts, written from Okta's documentation (OAuth 2.0 scopes for the Management
 * API, standard admin roles, who may create API tokens) — never from the connector's tables. The agreement test
 * (./agreement.test.ts) is where the two meet.
 */
export interface TierFact {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

const ADMIN: TierFact = { access: 'admin', sensitivity: 'high', pathToAdmin: true };
const WRITE: TierFact = { access: 'write', sensitivity: 'high', pathToAdmin: false };
const READ_SENSITIVE: TierFact = { access: 'read', sensitivity: 'medium', pathToAdmin: false };
const READ_PLAIN: TierFact = { access: 'read', sensitivity: 'low', pathToAdmin: false };

/**
 * `okta.*.manage` scopes that change who can do what in the org (apps and their grants, users, roles, tokens,
 * authorization servers, policies, factors, identity providers, org settings): holding one is holding the org.
 */
const ADMIN_MANAGE = [
  'okta.apps.manage',
  'okta.users.manage',
  'okta.roles.manage',
  'okta.apiTokens.manage',
  'okta.authorizationServers.manage',
  'okta.policies.manage',
  'okta.factors.manage',
  'okta.idps.manage',
  'okta.orgs.manage',
] as const;
/** Other write scopes the estate hands out. */
const OTHER_MANAGE = ['okta.groups.manage', 'okta.appGrants.manage', 'okta.logStreams.manage'] as const;
/** Reads of people, groups, credentials, security configuration, org settings and the audit trail. */
const SENSITIVE_READ = [
  'okta.users.read',
  'okta.groups.read',
  'okta.orgs.read',
  'okta.logs.read',
  'okta.apps.read',
  'okta.apiTokens.read',
  'okta.roles.read',
  'okta.factors.read',
  'okta.appGrants.read',
  'okta.policies.read',
  'okta.idps.read',
  'okta.authorizationServers.read',
] as const;
/** Reads of configuration that holds no personal or security data (profile schemas, custom domains). */
const PLAIN_READ = ['okta.schemas.read', 'okta.domains.read'] as const;

export const SCOPES: Record<string, TierFact> = Object.fromEntries([
  ...ADMIN_MANAGE.map((s) => [s, ADMIN] as const),
  ...OTHER_MANAGE.map((s) => [s, WRITE] as const),
  ...SENSITIVE_READ.map((s) => [s, READ_SENSITIVE] as const),
  ...PLAIN_READ.map((s) => [s, READ_PLAIN] as const),
]);

export const ADMIN_SCOPES: readonly string[] = ADMIN_MANAGE;
export const READ_SCOPES: readonly string[] = [...SENSITIVE_READ, ...PLAIN_READ];
export const WRITE_SCOPES: readonly string[] = OTHER_MANAGE;

export interface RoleFact extends TierFact {
  label: string;
  /** Okta lets holders of this role create SSWS API tokens. */
  createsTokens: boolean;
}

/** Okta's standard admin roles the estate assigns (to users and to clients). */
export const ROLES: Record<string, RoleFact> = {
  SUPER_ADMIN: { label: 'Super Administrator', ...ADMIN, createsTokens: true },
  ORG_ADMIN: { label: 'Organizational Administrator', ...ADMIN, createsTokens: true },
  APP_ADMIN: { label: 'Application Administrator', ...WRITE, pathToAdmin: true, createsTokens: false },
  API_ACCESS_MANAGEMENT_ADMIN: {
    label: 'API Access Management Administrator',
    ...WRITE,
    pathToAdmin: true,
    createsTokens: false,
  },
  USER_ADMIN: { label: 'Group Administrator', ...WRITE, createsTokens: true },
  GROUP_MEMBERSHIP_ADMIN: { label: 'Group Membership Administrator', ...WRITE, createsTokens: true },
  HELP_DESK_ADMIN: { label: 'Help Desk Administrator', ...WRITE, createsTokens: false },
  READ_ONLY_ADMIN: { label: 'Read-only Administrator', ...READ_SENSITIVE, createsTokens: true },
  REPORT_ADMIN: { label: 'Report Administrator', ...READ_SENSITIVE, createsTokens: false },
};

export const roleName = (type: string): string => `role:${type}`;

/** The tier of a permission name the estate hands out (a scope id or `role:<type>`). */
export function tierOf(nativeName: string): TierFact {
  const fact = nativeName.startsWith('role:') ? ROLES[nativeName.slice(5)] : SCOPES[nativeName];
  if (!fact) throw new Error(`okta estate: ${nativeName} is not in the estate catalogue`);
  return { access: fact.access, sensitivity: fact.sensitivity, pathToAdmin: fact.pathToAdmin };
}

/** Secret-based client authentication (the client holds a shared secret although private_key_jwt exists). */
export const SHARED_SECRET_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'] as const;

/** System Log event types of an access token issued to a client (custom and org authorization servers). */
export const TOKEN_GRANT_EVENTS = ['app.oauth2.as.token.grant.access_token', 'app.oauth2.token.grant.access_token'];

/** Event types of requests made with an SSWS API token (what automation typically does). */
export const API_TOKEN_EVENTS: ReadonlyArray<readonly [string, string]> = [
  ['user.lifecycle.create', 'Create Okta user'],
  ['user.account.update_profile', 'Update user profile for Okta'],
  ['group.user_membership.add', 'Add user to group membership'],
  ['application.user_membership.add', 'Add user to application membership'],
  ['user.lifecycle.deactivate', 'Deactivate Okta user'],
];

/** Okta's API token idle windows the estate uses (ISO-8601 durations) and their length in days. */
export const TOKEN_WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['P30D', 30],
  ['P90D', 90],
  ['P180D', 180],
];
