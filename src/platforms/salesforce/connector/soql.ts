import { PERMISSION_FIELDS } from './wire.js';

/**
 * The SOQL the connector sends, one builder per object (vendor-apis §7.2, Object Reference). Only simple forms:
 * one FROM object, AND-ed comparisons, `IN (…)`, ORDER BY and LIMIT, so an org of any edition answers them.
 */

/** A SOQL datetime literal (unquoted, UTC): 2024-06-01T07:12:00.000Z. */
export const soqlDateTime = (iso: string): string => new Date(iso).toISOString();

/** A SOQL string literal, quotes and backslashes escaped. */
export const quote = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const CONNECTED_APPS_SOQL =
  'SELECT Id, Name, CreatedDate, CreatedById, LastModifiedDate, OptionsAllowAdminApprovedUsersOnly, ' +
  'OptionsRefreshTokenValidityMetric, RefreshTokenValidityPeriod, OptionsHasSessionLevelPolicy, StartUrl ' +
  'FROM ConnectedApplication ORDER BY Id';

/** Connected apps' App Launcher items: each app's managed-package namespace (null: built in the org). */
export const APP_MENU_SOQL =
  'SELECT Id, ApplicationId, Label, NamespacePrefix, InfoUrl FROM AppMenuItem ' +
  "WHERE Type = 'ConnectedApplication' ORDER BY Id";

export const NAMED_CREDENTIALS_SOQL =
  'SELECT Id, DeveloperName, MasterLabel, Endpoint, PrincipalType, CreatedDate, CreatedById, LastModifiedDate ' +
  'FROM NamedCredential ORDER BY Id';

/** Standard users (people and integration users); Partner/portal and automated users are not listed. */
export const USERS_SOQL =
  'SELECT Id, Username, Name, Email, IsActive, UserType, ManagerId, Manager.Email, CreatedDate, ' +
  'CreatedById, ProfileId, ' +
  'Profile.Name, Profile.PermissionsApiUserOnly, Profile.UserLicense.Name ' +
  "FROM User WHERE UserType = 'Standard' ORDER BY Id";

/**
 * One keyset window of OAuth tokens: rows created at or after `from`, oldest first, at most `limit` (< 2,500, the
 * cap on rows one OauthToken query returns across its queryMore pages).
 */
export function oauthTokensSoql(from: string | null, limit: number): string {
  const where = from ? ` WHERE CreatedDate >= ${soqlDateTime(from)}` : '';
  return (
    'SELECT AppName, AppMenuItemId, UserId, CreatedDate, LastUsedDate, UseCount ' +
    `FROM OauthToken${where} ORDER BY CreatedDate LIMIT ${limit}`
  );
}

/** Permission set assignments (profiles' own permission sets included) of the given users. */
export function permissionAssignmentsSoql(userIds: readonly string[]): string {
  const fields = PERMISSION_FIELDS.map((f) => `PermissionSet.${f}`).join(', ');
  return (
    'SELECT AssigneeId, PermissionSetId, PermissionSet.Name, PermissionSet.Label, PermissionSet.IsOwnedByProfile, ' +
    `PermissionSet.Profile.Name, ${fields} FROM PermissionSetAssignment ` +
    `WHERE AssigneeId IN (${userIds.map(quote).join(', ')}) ORDER BY AssigneeId`
  );
}

/** Logins since `since`, oldest first. */
export function loginHistorySoql(since: string): string {
  return (
    'SELECT UserId, LoginTime, LoginType, Status, Application FROM LoginHistory ' +
    `WHERE LoginTime >= ${soqlDateTime(since)} ORDER BY LoginTime`
  );
}

/** The object a SOQL statement reads (`FROM X`), for call names and the emulator. */
export function objectOf(soql: string): string | null {
  return /\bFROM\s+([A-Za-z0-9_]+)/i.exec(soql)?.[1] ?? null;
}
