/**
 * The subset of Salesforce REST wire shapes the transforms read (REST API Developer Guide, "Query"; Object
 * Reference: ConnectedApplication, OauthToken, User, PermissionSetAssignment, LoginHistory). Field names as
 * Salesforce sends them; datetimes as `2024-06-01T07:12:00.000+0000`; relationship fields nested (Profile.Name).
 */

/** `attributes` of every record of a SOQL answer. */
export interface SfAttributes {
  type: string;
  url?: string;
}

/** GET /services/data/vXX.X/query?q=… and its queryMore pages (GET /services/data/vXX.X/query/{locator}). */
export interface SfQueryPage<T> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: T[];
}

/** A REST error (the body is an array of these). */
export interface SfError {
  message: string;
  errorCode: string;
  fields?: string[];
}

export interface SfConnectedApplication {
  attributes?: SfAttributes;
  Id?: string;
  Name?: string | null;
  CreatedDate?: string | null;
  CreatedById?: string | null;
  LastModifiedDate?: string | null;
  OptionsAllowAdminApprovedUsersOnly?: boolean | null;
  OptionsRefreshTokenValidityMetric?: boolean | null;
  RefreshTokenValidityPeriod?: number | null;
  OptionsHasSessionLevelPolicy?: boolean | null;
  StartUrl?: string | null;
}

/**
 * An App Launcher item (Object Reference, AppMenuItem). For a connected app (Type 'ConnectedApplication'),
 * ApplicationId is the app's 15-character id and NamespacePrefix the namespace of the managed package it came in.
 */
export interface SfAppMenuItem {
  attributes?: SfAttributes;
  Id?: string;
  ApplicationId?: string | null;
  Label?: string | null;
  NamespacePrefix?: string | null;
  InfoUrl?: string | null;
}

/** One user's OAuth grant to one app (Id is "reserved; currently always null"). */
export interface SfOauthToken {
  attributes?: SfAttributes;
  AppName?: string | null;
  AppMenuItemId?: string | null;
  UserId?: string | null;
  CreatedDate?: string | null;
  LastUsedDate?: string | null;
  UseCount?: number | null;
}

export interface SfUser {
  attributes?: SfAttributes;
  Id?: string;
  Username?: string | null;
  Name?: string | null;
  Email?: string | null;
  IsActive?: boolean | null;
  UserType?: string | null;
  ManagerId?: string | null;
  /** The manager's e-mail through the relationship (Manager.Email), so a user needs no other row. */
  Manager?: { attributes?: SfAttributes; Email?: string | null } | null;
  CreatedDate?: string | null;
  CreatedById?: string | null;
  ProfileId?: string | null;
  Profile?: {
    attributes?: SfAttributes;
    Name?: string | null;
    PermissionsApiUserOnly?: boolean | null;
    UserLicense?: { attributes?: SfAttributes; Name?: string | null } | null;
  } | null;
}

/** System permissions the connector reads on a permission set (or a profile's permission set). */
export const PERMISSION_FIELDS = [
  'PermissionsModifyAllData',
  'PermissionsViewAllData',
  'PermissionsManageUsers',
  'PermissionsCustomizeApplication',
  'PermissionsAuthorApex',
  'PermissionsApiEnabled',
] as const;
export type PermissionField = (typeof PERMISSION_FIELDS)[number];

export type SfPermissionSet = {
  attributes?: SfAttributes;
  Name?: string | null;
  Label?: string | null;
  IsOwnedByProfile?: boolean | null;
  Profile?: { attributes?: SfAttributes; Name?: string | null } | null;
} & Partial<Record<PermissionField, boolean | null>>;

export interface SfPermissionSetAssignment {
  attributes?: SfAttributes;
  AssigneeId?: string | null;
  PermissionSetId?: string | null;
  PermissionSet?: SfPermissionSet | null;
}

/** A named credential (legacy: its own auth; newer: backed by an external credential). */
export interface SfNamedCredential {
  attributes?: SfAttributes;
  Id?: string;
  DeveloperName?: string | null;
  MasterLabel?: string | null;
  Endpoint?: string | null;
  PrincipalType?: string | null;
  CreatedDate?: string | null;
  CreatedById?: string | null;
  LastModifiedDate?: string | null;
}

export interface SfLoginHistory {
  attributes?: SfAttributes;
  UserId?: string | null;
  LoginTime?: string | null;
  LoginType?: string | null;
  Status?: string | null;
  Application?: string | null;
}
