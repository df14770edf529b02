import type { AccessLevel, Sensitivity } from '../../../model/index.js';

export type GraphPermissionType = 'Application' | 'Delegated';

export interface PermissionTier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  /** "Path to Global Admin": holding it lets the app make itself (or anyone) a privileged directory role holder. */
  pathToAdmin: boolean;
  note?: string;
}

const t = (access: AccessLevel, sensitivity: Sensitivity, pathToAdmin = false, note?: string): PermissionTier => ({
  access,
  sensitivity,
  pathToAdmin,
  note,
});

/**
 * Ratings of Microsoft Graph / Exchange permissions by name. Keys are `Application:<value>` (app roles),
 * `Delegated:<value>` (oauth2 scopes) or `*:<value>` (both). Names not listed fall back to `ratePermission`'s
 * naming heuristics, so a new Graph permission still gets a sensible tier.
 */
export const PERMISSION_TIERS: Record<string, PermissionTier> = {
  // Paths to Global Administrator (application permissions that can grant roles or rewrite the directory).
  '*:Directory.ReadWrite.All': t(
    'admin',
    'high',
    true,
    'can modify most directory objects, including adding credentials to privileged apps',
  ),
  'Application:AppRoleAssignment.ReadWrite.All': t(
    'admin',
    'high',
    true,
    'can grant itself any application permission, e.g. RoleManagement.ReadWrite.Directory',
  ),
  'Application:RoleManagement.ReadWrite.Directory': t(
    'admin',
    'high',
    true,
    'can assign Global Administrator directly',
  ),
  'Delegated:RoleManagement.ReadWrite.Directory': t('admin', 'high', true),
  'Application:Application.ReadWrite.All': t(
    'write',
    'high',
    true,
    'can add credentials to any app, including more privileged ones',
  ),
  'Delegated:Application.ReadWrite.All': t('write', 'high', true),
  'Application:Application.ReadWrite.OwnedBy': t('write', 'medium'),
  'Application:PrivilegedAccess.ReadWrite.AzureADGroup': t('admin', 'high', true),
  'Application:RoleManagementPolicy.ReadWrite.Directory': t('admin', 'high', true),
  'Application:Policy.ReadWrite.ConditionalAccess': t('admin', 'high'),
  'Application:User.ReadWrite.All': t('write', 'high'),
  'Application:UserAuthenticationMethod.ReadWrite.All': t(
    'admin',
    'high',
    true,
    'can reset authentication methods of admins',
  ),
  'Application:Group.ReadWrite.All': t('write', 'medium'),
  'Application:GroupMember.ReadWrite.All': t('write', 'medium'),
  'Delegated:Directory.AccessAsUser.All': t(
    'admin',
    'high',
    false,
    'acts with the full directory rights of the signed-in user',
  ),
  // Exchange Online.
  'Application:full_access_as_app': t('admin', 'high', false, 'full access to every mailbox through EWS'),
  'Application:Exchange.ManageAsApp': t('admin', 'high', false, 'Exchange administration as the app'),
  'Delegated:EWS.AccessAsUser.All': t('write', 'high'),
  // Data access (mail, files, sites, chats).
  '*:Mail.ReadWrite': t('write', 'high'),
  '*:Mail.Send': t('write', 'high'),
  '*:Mail.Read': t('read', 'high'),
  '*:Mail.ReadBasic.All': t('read', 'medium'),
  '*:Files.ReadWrite.All': t('write', 'high'),
  '*:Files.Read.All': t('read', 'high'),
  '*:Sites.FullControl.All': t('admin', 'high'),
  '*:Sites.ReadWrite.All': t('write', 'high'),
  '*:Sites.Read.All': t('read', 'high'),
  '*:Chat.Read.All': t('read', 'high'),
  '*:Chat.ReadWrite.All': t('write', 'high'),
  '*:Calendars.Read': t('read', 'medium'),
  '*:Calendars.ReadWrite': t('write', 'medium'),
  '*:Contacts.Read': t('read', 'medium'),
  // Directory reads.
  '*:Directory.Read.All': t('read', 'medium'),
  '*:User.Read.All': t('read', 'medium'),
  '*:Group.Read.All': t('read', 'medium'),
  '*:AuditLog.Read.All': t('read', 'medium'),
  '*:Application.Read.All': t('read', 'medium'),
  // Sign-in basics.
  'Delegated:openid': t('read', 'low'),
  'Delegated:profile': t('read', 'low'),
  'Delegated:email': t('read', 'low'),
  'Delegated:offline_access': t('read', 'low'),
  'Delegated:User.Read': t('read', 'low'),
  'Delegated:User.ReadBasic.All': t('read', 'low'),
};

const HIGH_DATA =
  /^(Mail|Files|Sites|Chat|ChannelMessage|Notes|User|Directory|Application|RoleManagement|AppRoleAssignment|Policy|IdentityRisk|PrivilegedAccess|UserAuthenticationMethod)\b/;

/** Rates a Graph permission: table first (exact type, then any type), then name heuristics. */
export function ratePermission(type: GraphPermissionType, name: string): PermissionTier {
  const exact = PERMISSION_TIERS[`${type}:${name}`] ?? PERMISSION_TIERS[`*:${name}`];
  if (exact) return exact;
  const lower = name.toLowerCase();
  const sensitivity: Sensitivity = HIGH_DATA.test(name) ? 'high' : 'medium';
  if (lower.includes('fullcontrol') || lower.startsWith('full_access') || lower.includes('manageasapp'))
    return t('admin', 'high');
  if (lower.includes('readwrite') || lower.includes('.write') || lower.includes('.send') || lower.includes('manage'))
    return t('write', sensitivity);
  return t('read', sensitivity === 'high' && !lower.includes('.all') ? 'medium' : sensitivity);
}

/** Well-known templateIds of built-in Microsoft Entra roles (a built-in role's definition id is its templateId). */
export const DIRECTORY_ROLE_TEMPLATES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
} as const;

const R = DIRECTORY_ROLE_TEMPLATES;

/**
 * Ratings of built-in Microsoft Entra directory roles by templateId (Microsoft's "Microsoft Entra built-in roles"
 * reference; roles marked PRIVILEGED there that lead to Global Administrator are pathToAdmin).
 */
export const DIRECTORY_ROLE_TIERS: Record<string, PermissionTier> = {
  [R.globalAdministrator]: t('admin', 'high', true, 'every administrative action in the tenant'),
  [R.privilegedRoleAdministrator]: t(
    'admin',
    'high',
    true,
    'can assign any directory role, Global Administrator included',
  ),
  [R.privilegedAuthenticationAdministrator]: t(
    'admin',
    'high',
    true,
    'can reset the authentication methods of any user, Global Administrators included',
  ),
  [R.applicationAdministrator]: t(
    'admin',
    'high',
    true,
    'can add credentials to any application and act as it, including more privileged ones',
  ),
  [R.cloudApplicationAdministrator]: t(
    'admin',
    'high',
    true,
    'can add credentials to any application (not the application proxy) and act as it',
  ),
  [R.userAdministrator]: t('admin', 'high', false, 'can reset passwords of non-administrators'),
  [R.exchangeAdministrator]: t('admin', 'high', false, 'Exchange Online administration'),
  [R.securityAdministrator]: t('admin', 'high', false, 'security policies and Identity Protection'),
  [R.globalReader]: t('read', 'high'),
  [R.directoryReaders]: t('read', 'medium'),
  [R.securityReader]: t('read', 'medium'),
};

/** Rates a directory role: the table by templateId first, then its display name (custom or unlisted roles). */
export function rateDirectoryRole(templateId: string, displayName: string | null): PermissionTier {
  const known = DIRECTORY_ROLE_TIERS[templateId.toLowerCase()];
  if (known) return known;
  const name = (displayName ?? '').toLowerCase();
  if (name.includes('reader')) return t('read', 'medium');
  if (name.includes('administrator')) return t('admin', 'medium');
  return t('write', 'medium');
}
