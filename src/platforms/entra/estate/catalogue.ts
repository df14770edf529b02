import type { AccessLevel, Sensitivity } from '../../../model/index.js';
import { EXCHANGE_ONLINE_APP_ID, MICROSOFT_GRAPH_APP_ID } from './types.js';

/**
 * Permissions the generator hands out, with Microsoft's published ids and the tier the estate's ground truth
 * assumes (read / write / admin × sensitivity, path to Global Admin). The connector keeps its own rating table
 * (connector/permission-tiers.ts); estate/agreement.test.ts checks that both agree on every permission used here.
 */
export interface PermissionFact {
  value: string;
  id: string;
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

const f = (
  value: string,
  id: string,
  access: AccessLevel,
  sensitivity: Sensitivity,
  pathToAdmin = false,
): PermissionFact => ({ value, id, access, sensitivity, pathToAdmin });

/** Microsoft Graph application permissions (appRoles of the Graph service principal). */
export const GRAPH_APP_ROLES: PermissionFact[] = [
  f('User.Read.All', 'df021288-bdef-4463-88db-98f22de89214', 'read', 'medium'),
  f('Directory.Read.All', '7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'read', 'medium'),
  f('Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b', 'read', 'medium'),
  f('AuditLog.Read.All', 'b0afded3-3588-46d8-8b3d-9842eff778da', 'read', 'medium'),
  f('Application.Read.All', '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'read', 'medium'),
  f('Mail.Read', '810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'read', 'high'),
  f('Files.Read.All', '01d4889c-1287-42c6-ac1f-5d1e02578ef6', 'read', 'high'),
  f('Sites.Read.All', '332a536c-c7ef-4017-ab91-336970924f0d', 'read', 'high'),
  f('Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'write', 'high'),
  f('Mail.Send', 'b633e1c5-b582-4048-a93e-9f11b44c7e96', 'write', 'high'),
  f('Files.ReadWrite.All', '75359482-378d-4052-8f01-80520e7db3cd', 'write', 'high'),
  f('Group.ReadWrite.All', '62a82d76-70ea-41e2-9197-370581804d09', 'write', 'medium'),
  f('Application.ReadWrite.All', '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'write', 'high', true),
  f('Directory.ReadWrite.All', '19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'admin', 'high', true),
  f('AppRoleAssignment.ReadWrite.All', '06b708a9-e830-4db3-a914-8e69da51d44f', 'admin', 'high', true),
  f('RoleManagement.ReadWrite.Directory', '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', 'admin', 'high', true),
];

/** Office 365 Exchange Online application permissions. */
export const EXCHANGE_APP_ROLES: PermissionFact[] = [
  f('full_access_as_app', 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', 'admin', 'high'),
  f('Exchange.ManageAsApp', 'dc50a0fb-09a3-484d-be87-e023b12c6440', 'admin', 'high'),
];

/** Microsoft Graph delegated permissions (oauth2PermissionScopes of the Graph service principal). */
export const GRAPH_SCOPES: PermissionFact[] = [
  f('openid', '37f7f235-527c-4136-accd-4a02d197296e', 'read', 'low'),
  f('profile', '14dad69e-099b-42c9-810b-d002981feec1', 'read', 'low'),
  f('email', '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'read', 'low'),
  f('offline_access', '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'read', 'low'),
  f('User.Read', 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'read', 'low'),
  f('Calendars.Read', '465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', 'read', 'medium'),
  f('Mail.Read', '570282fd-fa5c-430d-a7fd-fc8dc98a9dca', 'read', 'high'),
  f('Mail.Send', 'e383f46e-2787-4529-855e-0e479a3ffac0', 'write', 'high'),
  f('Mail.ReadWrite', '024d486e-b451-40bb-833d-3e66d98c5c73', 'write', 'high'),
  f('Files.ReadWrite.All', '863451e7-0667-486c-a5d6-d135439485f0', 'write', 'high'),
  f('Sites.Read.All', '205e70e5-aba6-4c52-a976-6d2d46c48043', 'read', 'high'),
  f('Directory.ReadWrite.All', 'c5366453-9fb0-48a5-a156-24f0c49a4b84', 'admin', 'high', true),
];

export const RESOURCE_APP_IDS = { graph: MICROSOFT_GRAPH_APP_ID, exchange: EXCHANGE_ONLINE_APP_ID } as const;

/** Every (type, name) the estate uses, for the consistency test against the connector's table. */
export function allPermissionFacts(): Array<PermissionFact & { type: 'Application' | 'Delegated' }> {
  return [
    ...GRAPH_APP_ROLES.map((p) => ({ ...p, type: 'Application' as const })),
    ...EXCHANGE_APP_ROLES.map((p) => ({ ...p, type: 'Application' as const })),
    ...GRAPH_SCOPES.map((p) => ({ ...p, type: 'Delegated' as const })),
  ];
}

/** A built-in Microsoft Entra directory role the generator assigns, with Microsoft's templateId and its tier. */
export interface DirectoryRoleFact {
  displayName: string;
  templateId: string;
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
  /** The planted risk a tenant-wide assignment of it to a service principal carries (../risks.ts), if any. */
  risk: 'entra-sp-privileged-directory-role' | 'entra-sp-elevated-directory-role' | null;
}

const role = (
  displayName: string,
  templateId: string,
  access: AccessLevel,
  sensitivity: Sensitivity,
  pathToAdmin: boolean,
  risk: DirectoryRoleFact['risk'] = null,
): DirectoryRoleFact => ({ displayName, templateId, access, sensitivity, pathToAdmin, risk });

/** Built-in directory roles (Microsoft Entra built-in roles reference: display names and templateIds). */
export const DIRECTORY_ROLES = {
  globalAdministrator: role(
    'Global Administrator',
    '62e90394-69f5-4237-9190-012177145e10',
    'admin',
    'high',
    true,
    'entra-sp-privileged-directory-role',
  ),
  privilegedRoleAdministrator: role(
    'Privileged Role Administrator',
    'e8611ab8-c189-46e8-94e1-60213ab1f814',
    'admin',
    'high',
    true,
    'entra-sp-privileged-directory-role',
  ),
  applicationAdministrator: role(
    'Application Administrator',
    '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    'admin',
    'high',
    true,
    'entra-sp-privileged-directory-role',
  ),
  cloudApplicationAdministrator: role(
    'Cloud Application Administrator',
    '158c047a-c907-4556-b7ef-446551a6b5f7',
    'admin',
    'high',
    true,
    'entra-sp-elevated-directory-role',
  ),
  privilegedAuthenticationAdministrator: role(
    'Privileged Authentication Administrator',
    '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    'admin',
    'high',
    true,
    'entra-sp-elevated-directory-role',
  ),
  exchangeAdministrator: role('Exchange Administrator', '29232cdf-9323-42fd-ade2-1d097af3e4de', 'admin', 'high', false),
  globalReader: role('Global Reader', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'read', 'high', false),
  directoryReaders: role('Directory Readers', '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', 'read', 'medium', false),
  securityReader: role('Security Reader', '5d6b6bb7-de71-4623-b4af-96380a352509', 'read', 'medium', false),
} as const satisfies Record<string, DirectoryRoleFact>;

export type DirectoryRoleKey = keyof typeof DIRECTORY_ROLES;
