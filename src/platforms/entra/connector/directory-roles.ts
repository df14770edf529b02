import type { PermissionInput } from '../../../model/index.js';
import type { EntraPermissionFacts } from '../facts.js';
import { type Graph, q } from './graph.js';
import type { WireUnifiedRoleAssignment, WireUnifiedRoleDefinition } from './graph-types.js';
import { rateDirectoryRole } from './permission-tiers.js';
import type { Intern } from './string-pool.js';

/** What the connector keeps of a role definition: what a role assignment's permission is named and rated by. */
export interface RoleDefinitionInfo {
  id: string;
  displayName: string | null;
  templateId: string | null;
  isBuiltIn: boolean | null;
}

export function roleDefinitionInfo(d: WireUnifiedRoleDefinition): RoleDefinitionInfo {
  return {
    id: d.id,
    displayName: typeof d.displayName === 'string' ? d.displayName : null,
    templateId: typeof d.templateId === 'string' ? d.templateId : null,
    isBuiltIn: typeof d.isBuiltIn === 'boolean' ? d.isBuiltIn : null,
  };
}

const DEFINITION_SELECT = 'id,displayName,templateId,isBuiltIn';
const ASSIGNMENT_SELECT = 'id,principalId,roleDefinitionId,directoryScopeId,appScopeId';

/** GET /roleManagement/directory/roleDefinitions: built-in and custom roles (a few hundred at most). */
export function listRoleDefinitions(graph: Graph, onPage: (page: WireUnifiedRoleDefinition[]) => void | Promise<void>) {
  return graph.each<WireUnifiedRoleDefinition>(
    `/roleManagement/directory/roleDefinitions?$select=${DEFINITION_SELECT}`,
    'roleDefinitions',
    onPage,
  );
}

/** GET /roleManagement/directory/roleAssignments: every active directory role assignment of the tenant. */
export function listRoleAssignments(graph: Graph, onPage: (page: WireUnifiedRoleAssignment[]) => void | Promise<void>) {
  return graph.each<WireUnifiedRoleAssignment>(
    `/roleManagement/directory/roleAssignments?$select=${ASSIGNMENT_SELECT}`,
    'roleAssignments',
    onPage,
  );
}

/** GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}': one principal's (delta scans). */
export async function listRoleAssignmentsOf(graph: Graph, principalId: string): Promise<WireUnifiedRoleAssignment[]> {
  const filter = q(`principalId eq '${principalId}'`);
  const path = `/roleManagement/directory/roleAssignments?$filter=${filter}&$select=${ASSIGNMENT_SELECT}`;
  return (await graph.all<WireUnifiedRoleAssignment>(path, 'roleAssignments')).items;
}

/** The fields of a role assignment the transform reads. */
export function compactRoleAssignment(a: WireUnifiedRoleAssignment, intern: Intern): WireUnifiedRoleAssignment {
  return {
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: intern(a.roleDefinitionId),
    directoryScopeId: intern(a.directoryScopeId),
    appScopeId: intern(a.appScopeId),
  };
}

/** The scope a permission applies to: the whole directory ('/'), or the administrative unit / object named. */
function scopeOf(a: WireUnifiedRoleAssignment): string {
  const dir = typeof a.directoryScopeId === 'string' && a.directoryScopeId ? a.directoryScopeId : null;
  const app = typeof a.appScopeId === 'string' && a.appScopeId ? a.appScopeId : null;
  if (dir === '/' || (!dir && !app)) return 'directory';
  return dir ?? `app scope ${app}`;
}

/**
 * Directory role assignments of one principal → permissions. Pure. The name is the role definition's displayName
 * (else the definition id); the tier comes from the role's templateId (a built-in role's definition id is its
 * templateId, so an unresolved built-in role still rates right).
 */
export function transformDirectoryRoleAssignments(
  assignments: readonly WireUnifiedRoleAssignment[],
  definitions: ReadonlyMap<string, RoleDefinitionInfo>,
): PermissionInput[] {
  const out: PermissionInput[] = [];
  for (const a of assignments) {
    // A definition id that is not a string names no role: skipped rather than turned into a permission.
    if (typeof a.roleDefinitionId !== 'string' || a.roleDefinitionId.length === 0) continue;
    const definition = definitions.get(a.roleDefinitionId);
    const templateId = definition?.templateId ?? a.roleDefinitionId;
    const name = definition?.displayName ?? null;
    const tier = rateDirectoryRole(templateId, name);
    const directoryScopeId = typeof a.directoryScopeId === 'string' ? a.directoryScopeId : null;
    const appScopeId = typeof a.appScopeId === 'string' ? a.appScopeId : null;
    out.push({
      nativeName: name ?? a.roleDefinitionId,
      resource: scopeOf(a),
      access: tier.access,
      sensitivity: tier.sensitivity,
      pathToAdmin: tier.pathToAdmin,
      source: 'directoryRoleAssignment',
      attributes: {
        type: 'DirectoryRole',
        assignmentId: typeof a.id === 'string' ? a.id : null,
        roleDefinitionId: a.roleDefinitionId,
        roleTemplateId: templateId.toLowerCase(),
        directoryScopeId,
        appScopeId,
        resolved: name !== null,
        tenantWide: false,
      } satisfies EntraPermissionFacts,
    });
  }
  return out;
}
