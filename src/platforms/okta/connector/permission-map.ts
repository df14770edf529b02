import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/** A permission's normalized tier. */
export interface Tier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

const ADMIN: Tier = { access: 'admin', sensitivity: 'high', pathToAdmin: true };
const WRITE_HIGH: Tier = { access: 'write', sensitivity: 'high', pathToAdmin: false };
const WRITE_TO_ADMIN: Tier = { access: 'write', sensitivity: 'high', pathToAdmin: true };
const WRITE_MEDIUM: Tier = { access: 'write', sensitivity: 'medium', pathToAdmin: false };
const READ_MEDIUM: Tier = { access: 'read', sensitivity: 'medium', pathToAdmin: false };
const READ_LOW: Tier = { access: 'read', sensitivity: 'low', pathToAdmin: false };

/**
 * Okta API scopes (OAuth 2.0 scopes for the Management API, developer.okta.com "OAuth 2.0 Scopes") whose tier is
 * not the default of their suffix. `*.manage` scopes that let the holder make itself or anyone an administrator
 * (edit apps and their grants, users, roles, API tokens, authorization servers, policies, factors, IdPs, the org)
 * are admin; the read scopes of configuration that holds no personal or security data are low.
 */
export const SCOPE_TIERS: Readonly<Record<string, Tier>> = {
  'okta.apps.manage': ADMIN,
  'okta.users.manage': ADMIN,
  'okta.roles.manage': ADMIN,
  'okta.apiTokens.manage': ADMIN,
  'okta.authorizationServers.manage': ADMIN,
  'okta.policies.manage': ADMIN,
  'okta.factors.manage': ADMIN,
  'okta.idps.manage': ADMIN,
  'okta.orgs.manage': ADMIN,
  'okta.brands.read': READ_LOW,
  'okta.templates.read': READ_LOW,
  'okta.domains.read': READ_LOW,
  'okta.emailDomains.read': READ_LOW,
  'okta.schemas.read': READ_LOW,
  'okta.userTypes.read': READ_LOW,
  'okta.linkedObjects.read': READ_LOW,
};

/** An Okta API scope's tier: the table, else `okta.*.manage` → write/high, anything else → read/medium. */
export function scopeTier(scope: string): Tier {
  const known = SCOPE_TIERS[scope];
  if (known) return known;
  return /^okta\.[A-Za-z]+\.manage$/.test(scope) ? WRITE_HIGH : READ_MEDIUM;
}

/**
 * Okta admin role types (developer.okta.com "Standard roles") assigned to a client or to a token's creator.
 * APP_ADMIN and API_ACCESS_MANAGEMENT_ADMIN reach admin: they edit OIDC apps' grants and authorization servers.
 */
export const ROLE_TIERS: Readonly<Record<string, Tier>> = {
  SUPER_ADMIN: ADMIN,
  ORG_ADMIN: ADMIN,
  APP_ADMIN: WRITE_TO_ADMIN,
  API_ACCESS_MANAGEMENT_ADMIN: WRITE_TO_ADMIN,
  USER_ADMIN: WRITE_HIGH,
  GROUP_MEMBERSHIP_ADMIN: WRITE_HIGH,
  HELP_DESK_ADMIN: WRITE_HIGH,
  READ_ONLY_ADMIN: READ_MEDIUM,
  REPORT_ADMIN: READ_MEDIUM,
};

/** A role's tier: the table, else (CUSTOM, newer standard roles) write/medium. */
export function roleTier(type: string): Tier {
  return ROLE_TIERS[type] ?? WRITE_MEDIUM;
}

/** A role's permission name as the rules and labels spell it. */
export const roleName = (type: string): string => `role:${type}`;
