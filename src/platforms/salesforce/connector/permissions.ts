import type { PermissionInput } from '../../../model/index.js';
import { SYSTEM_PERMISSIONS } from './permission-map.js';
import { PERMISSION_FIELDS, type SfPermissionSetAssignment } from './wire.js';

/**
 * Pure: a user's permission set assignments (its profile's own permission set included) → one permission per
 * system permission granted per permission set, so evidence names where each comes from.
 */
export function permissionsOf(assignments: readonly SfPermissionSetAssignment[]): PermissionInput[] {
  const out: PermissionInput[] = [];
  for (const a of assignments) {
    const set = a?.PermissionSet;
    if (!set) continue;
    const viaProfile = set.IsOwnedByProfile === true;
    const holder = viaProfile ? `profile ${set.Profile?.Name ?? set.Name}` : `permission set ${set.Label ?? set.Name}`;
    for (const field of PERMISSION_FIELDS) {
      if (set[field] !== true) continue;
      const { name, tier } = SYSTEM_PERMISSIONS[field];
      out.push({
        nativeName: name,
        resource: '*',
        ...tier,
        source: holder,
        attributes: { permissionSet: String(set.Name ?? a.PermissionSetId), viaProfile },
      });
    }
  }
  return out;
}
