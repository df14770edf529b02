import type { AccessLevel, Sensitivity } from '../../../model/index.js';
import type { PermissionField } from './wire.js';

/** A permission's normalized tier. */
export interface Tier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

/**
 * System permissions of a profile or permission set (Salesforce Help, "User Permissions") and their tier. Modify All
 * Data and Manage Users make the holder an administrator; Customize Application and Author Apex reach it (they
 * create connected apps and run Apex in system mode); View All Data reads every record.
 */
export const SYSTEM_PERMISSIONS: Readonly<Record<PermissionField, { name: string; tier: Tier }>> = {
  PermissionsModifyAllData: {
    name: 'ModifyAllData',
    tier: { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  },
  PermissionsManageUsers: { name: 'ManageUsers', tier: { access: 'admin', sensitivity: 'high', pathToAdmin: true } },
  PermissionsCustomizeApplication: {
    name: 'CustomizeApplication',
    tier: { access: 'write', sensitivity: 'high', pathToAdmin: true },
  },
  PermissionsAuthorApex: { name: 'AuthorApex', tier: { access: 'write', sensitivity: 'high', pathToAdmin: true } },
  PermissionsViewAllData: { name: 'ViewAllData', tier: { access: 'read', sensitivity: 'high', pathToAdmin: false } },
  PermissionsApiEnabled: { name: 'ApiEnabled', tier: { access: 'read', sensitivity: 'low', pathToAdmin: false } },
};

/**
 * LoginHistory.LoginType values of API and OAuth logins (no browser): a user whose every login is one of these
 * is used by software. 'Application' is the UI login.
 */
export const API_LOGIN_TYPES: ReadonlySet<string> = new Set([
  'Remote Access 2.0',
  'Remote Access Client',
  'Other Apex API',
  'Partner Product',
  'SOAP Enterprise',
  'SOAP Partner',
]);

/** The user licence of integration users (Salesforce Integration). */
export const INTEGRATION_LICENCE = 'Salesforce Integration';
