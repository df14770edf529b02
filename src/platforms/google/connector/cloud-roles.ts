import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/** What Steward makes of one IAM role granted to a service account (docs/connectors/google.md, "Roles"). */
export interface RoleTier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  /** Holding it lets the holder act as another service account or grant itself more (a privilege escalation path). */
  pathToAdmin: boolean;
}

/**
 * Roles with a known tier, from Google's role reference (cloud.google.com/iam/docs/understanding-roles). The basic
 * roles owner and editor hold nearly every permission of the project; the iam.* roles below let the holder mint
 * tokens or keys for, or run as, other service accounts; the *IamAdmin / securityAdmin roles set IAM policy.
 */
export const ROLE_TIERS: Readonly<Record<string, RoleTier>> = {
  'roles/owner': { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  'roles/editor': { access: 'admin', sensitivity: 'high', pathToAdmin: false },
  'roles/viewer': { access: 'read', sensitivity: 'medium', pathToAdmin: false },
  'roles/iam.serviceAccountTokenCreator': { access: 'write', sensitivity: 'high', pathToAdmin: true },
  'roles/iam.serviceAccountKeyAdmin': { access: 'write', sensitivity: 'high', pathToAdmin: true },
  'roles/iam.serviceAccountUser': { access: 'write', sensitivity: 'high', pathToAdmin: true },
  'roles/iam.serviceAccountAdmin': { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  'roles/iam.workloadIdentityUser': { access: 'write', sensitivity: 'high', pathToAdmin: true },
  'roles/iam.securityAdmin': { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  'roles/resourcemanager.projectIamAdmin': { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  'roles/iam.securityReviewer': { access: 'read', sensitivity: 'medium', pathToAdmin: false },
  'roles/iam.serviceAccountViewer': { access: 'read', sensitivity: 'low', pathToAdmin: false },
};

/** Basic roles: granted on a project they cover every service in it. */
export const BROAD_ROLES: ReadonlySet<string> = new Set(['roles/owner', 'roles/editor']);

/** The role whose holders administer a project's service accounts: owner evidence for those accounts. */
export const SA_ADMIN_ROLE = 'roles/iam.serviceAccountAdmin';

/**
 * A role's tier: the table, else by the predefined roles' naming (`….admin` administers its service, `….viewer`
 * reads it); any other role (custom roles included) counts as write access of medium sensitivity.
 */
export function roleTier(role: string): RoleTier {
  const known = ROLE_TIERS[role];
  if (known) return known;
  const leaf = role.slice(role.lastIndexOf('.') + 1).toLowerCase();
  if (leaf === 'admin' || leaf.endsWith('admin')) return { access: 'admin', sensitivity: 'high', pathToAdmin: false };
  if (leaf === 'viewer' || leaf.endsWith('viewer')) return { access: 'read', sensitivity: 'low', pathToAdmin: false };
  return { access: 'write', sensitivity: 'medium', pathToAdmin: false };
}
