import type { PermissionInput } from '../../../model/index.js';
import type { EntraPermissionFacts } from '../facts.js';
import { graphDate } from './dates.js';
import { type Graph, q } from './graph.js';
import type { WireAppRole, WireAppRoleAssignment, WireServicePrincipal } from './graph-types.js';
import { ratePermission } from './permission-tiers.js';
import type { Intern } from './string-pool.js';

/** The appRoleId of a "default access" assignment: it grants no permission. */
export const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

/** What the connector knows of a resource service principal (Microsoft Graph, Exchange Online, a custom API). */
export interface ResourceInfo {
  id: string;
  appId: string | null;
  displayName: string | null;
  appRoles: WireAppRole[];
}

export function resourceInfo(sp: WireServicePrincipal): ResourceInfo {
  return { id: sp.id, appId: sp.appId ?? null, displayName: sp.displayName ?? null, appRoles: sp.appRoles ?? [] };
}

/** GET /servicePrincipals/{id}/appRoleAssignments. */
export async function listAppRoleAssignments(graph: Graph, spId: string): Promise<WireAppRoleAssignment[]> {
  const path = `/servicePrincipals/${q(spId)}/appRoleAssignments`;
  return (await graph.all<WireAppRoleAssignment>(path, 'appRoleAssignments')).items;
}

export type ServicePrincipalWithAssignments = WireServicePrincipal & { appRoleAssignments?: WireAppRoleAssignment[] };

/**
 * Full scan: every service principal with its expanded app role assignments (one $expand per request, so a listing
 * of its own), plus what a resource needs (id, appId, displayName, appRoles).
 */
export function listServicePrincipalsWithAssignments(
  graph: Graph,
  pageSize: number,
  onPage: (page: ServicePrincipalWithAssignments[]) => void | Promise<void>,
) {
  return graph.each<ServicePrincipalWithAssignments>(
    `/servicePrincipals?$select=id,appId,displayName,appRoles&$expand=appRoleAssignments&$top=${pageSize}`,
    'servicePrincipals.appRoleAssignments',
    onPage,
  );
}

/** The fields of an app role assignment the transform reads (the expanded objects carry principal fields too). */
export function compactAssignment(a: WireAppRoleAssignment, intern: Intern): WireAppRoleAssignment {
  return {
    id: a.id,
    appRoleId: intern(a.appRoleId),
    resourceId: intern(a.resourceId),
    resourceDisplayName: intern(a.resourceDisplayName),
    createdDateTime: a.createdDateTime,
  };
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
    // Ids that are not strings name nothing: skipped rather than turned into a permission.
    if (typeof a.appRoleId !== 'string' || typeof a.resourceId !== 'string' || a.appRoleId === DEFAULT_ACCESS_ROLE)
      continue;
    const resource = resources.get(a.resourceId);
    const role = resource?.appRoles.find((r) => r.id === a.appRoleId);
    // A role whose value is not a string is unresolved: named by its id, never by an invented value.
    const resolved = typeof role?.value === 'string' && role.value.length > 0;
    const name = resolved ? (role?.value as string) : a.appRoleId;
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
        resolved,
        tenantWide: false,
      } satisfies EntraPermissionFacts,
    });
  }
  return out;
}
