import { ev, permissionLabel } from '../../../analysis/risk/helpers.js';
import type { ViewOf } from '../../../analysis/risk/platform-rule.js';
import type { Evidence } from '../../../model/index.js';
import type { entraFacts } from '../facts.js';

type EntraView = ViewOf<typeof entraFacts, keyof typeof entraFacts>;

/**
 * Evidence of every tenant-wide directory role assignment (directoryScopeId '/') of one of `templateIds`, or null.
 * Assignments scoped to an administrative unit or one object reach that scope only, so they are left to the
 * generic admin-privilege rule.
 */
export function tenantWideDirectoryRoles(v: EntraView, templateIds: ReadonlySet<string>): Evidence[] | null {
  let out: Evidence[] | null = null;
  v.permissions.forEach((p, n) => {
    const a = p.attributes;
    if (a.type !== 'DirectoryRole' || !a.roleTemplateId || !templateIds.has(a.roleTemplateId)) return;
    if (a.directoryScopeId !== '/') return;
    const who = v.attributes.servicePrincipalType === 'ManagedIdentity' ? 'managed identity' : 'service principal';
    out ??= [];
    out.push(
      ev(
        permissionLabel(p, n),
        p.nativeName,
        `${who} holds directory role template ${a.roleTemplateId} at scope / per roleManagement/directory/roleAssignments`,
      ),
    );
  });
  return out;
}
