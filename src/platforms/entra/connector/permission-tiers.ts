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
