import type { PermissionInput } from '../../../model/index.js';
import { graphDate } from './dates.js';
import type { WireAppRole, WireAppRoleAssignment } from './graph-types.js';
import { ratePermission } from './permission-tiers.js';

/** What the connector knows of a resource service principal (Microsoft Graph, Exchange Online, a custom API). */
export interface ResourceInfo {
  id: string;
  appId: string | null;
  displayName: string | null;
  appRoles: WireAppRole[];
}

/**
 * GET /servicePrincipals/{id}/appRoleAssignments → application permissions. Pure. The role name comes from the
 * resource's appRoles; the all-zero appRoleId is the "default access" assignment (no permission).
 */
export function transformAppRoleAssignments(
  assignments: WireAppRoleAssignment[],
  resources: Map<string, ResourceInfo>,
): PermissionInput[] {
  const out: PermissionInput[] = [];
  for (const a of assignments) {
    if (!a.appRoleId || !a.resourceId || a.appRoleId === '00000000-0000-0000-0000-000000000000') continue;
    const resource = resources.get(a.resourceId);
    const role = resource?.appRoles.find((r) => r.id === a.appRoleId);
    const name = role?.value ?? a.appRoleId;
    const tier = ratePermission('Application', name);
    out.push({
      nativeName: name,
      resource: resource?.displayName ?? a.resourceDisplayName ?? a.resourceId,
      access: tier.access,
      sensitivity: tier.sensitivity,
      pathToAdmin: tier.pathToAdmin,
      source: 'appRoleAssignment',
      attributes: {
        type: 'Application',
        appRoleId: a.appRoleId,
        assignmentId: a.id ?? null,
        resourceId: a.resourceId,
        resourceAppId: resource?.appId ?? null,
        grantedAt: graphDate(a.createdDateTime),
        resolved: !!role,
        tenantWide: false,
      },
    });
  }
  return out;
}
