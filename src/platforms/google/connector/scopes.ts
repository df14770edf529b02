import type { AccessLevel, PermissionInput, Sensitivity } from '../../../model/index.js';

/**
 * OAuth scopes → access, sensitivity and path to admin, as data (the "permission map"). Written from Google's OAuth
 * 2.0 scopes list and its restricted/sensitive scope classes: the restricted Gmail and Drive scopes, every Admin SDK
 * scope and cloud-platform are high; read-only metadata and the other user-data scopes medium; sign-in (openid,
 * email, profile) low. Scopes are written without the https://www.googleapis.com/auth/ prefix.
 */
export interface ScopeTier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  /** Lets the holder make itself or anyone a Workspace super admin (user and role management). */
  pathToAdmin: boolean;
}

const tier = (access: AccessLevel, sensitivity: Sensitivity, pathToAdmin = false): ScopeTier => ({
  access,
  sensitivity,
  pathToAdmin,
});

export const AUTH_PREFIX = 'https://www.googleapis.com/auth/';

export const SCOPE_MAP: Readonly<Record<string, ScopeTier>> = {
  'https://mail.google.com/': tier('write', 'high'),
  'gmail.modify': tier('write', 'high'),
  'gmail.readonly': tier('read', 'high'),
  'gmail.compose': tier('write', 'medium'),
  'gmail.send': tier('write', 'medium'),
  'gmail.insert': tier('write', 'medium'),
  'gmail.settings.basic': tier('write', 'high'),
  'gmail.settings.sharing': tier('write', 'high'),
  'gmail.metadata': tier('read', 'medium'),
  'gmail.labels': tier('write', 'low'),
  drive: tier('write', 'high'),
  'drive.readonly': tier('read', 'high'),
  'drive.file': tier('write', 'medium'),
  'drive.metadata': tier('write', 'medium'),
  'drive.metadata.readonly': tier('read', 'medium'),
  'drive.appdata': tier('write', 'low'),
  calendar: tier('write', 'medium'),
  'calendar.readonly': tier('read', 'medium'),
  'calendar.events': tier('write', 'medium'),
  contacts: tier('write', 'medium'),
  'contacts.readonly': tier('read', 'medium'),
  'directory.readonly': tier('read', 'medium'),
  'cloud-platform': tier('write', 'high'),
  'cloud-platform.read-only': tier('read', 'medium'),
  'admin.directory.user': tier('admin', 'high', true),
  'admin.directory.user.readonly': tier('read', 'high'),
  'admin.directory.user.security': tier('admin', 'high'),
  'admin.directory.group': tier('admin', 'high'),
  'admin.directory.group.readonly': tier('read', 'high'),
  'admin.directory.rolemanagement': tier('admin', 'high', true),
  'admin.directory.domain': tier('admin', 'high'),
  'admin.directory.device.mobile': tier('admin', 'high'),
  'admin.reports.audit.readonly': tier('read', 'high'),
  'admin.reports.usage.readonly': tier('read', 'high'),
  'apps.groups.settings': tier('admin', 'high'),
  'userinfo.email': tier('read', 'low'),
  'userinfo.profile': tier('read', 'low'),
  openid: tier('read', 'low'),
  email: tier('read', 'low'),
  profile: tier('read', 'low'),
};

/** The key of a scope in SCOPE_MAP: the auth prefix removed (mail.google.com and openid-style names stay). */
export const shortScope = (scope: string): string =>
  scope.startsWith(AUTH_PREFIX) ? scope.slice(AUTH_PREFIX.length) : scope;

/**
 * The tier of any scope: the table, else every other Admin SDK scope (admin.*) is high, a `.readonly` scope read
 * and medium, anything else write and medium (an unknown scope is never assumed harmless).
 */
export function scopeTier(scope: string): ScopeTier {
  const short = shortScope(scope);
  const known = SCOPE_MAP[short];
  if (known) return known;
  const readonly = /\.readonly$|\.read-only$/.test(short);
  if (short.startsWith('admin.')) return tier(readonly ? 'read' : 'admin', 'high');
  return tier(readonly ? 'read' : 'write', 'medium');
}

export const isHighScope = (scope: string): boolean => scopeTier(scope).sensitivity === 'high';

/** One permission per scope (`resource` '*': a token's scope covers the user's data, DWD the whole domain). */
export function scopePermission(scope: string, source: string, attributes: Record<string, unknown>): PermissionInput {
  const t = scopeTier(scope);
  return {
    nativeName: scope,
    resource: '*',
    access: t.access,
    sensitivity: t.sensitivity,
    pathToAdmin: t.pathToAdmin,
    source,
    attributes,
  };
}
