import type { OwnerClaim, PermissionInput } from '../../../model/index.js';
import { str } from './common.js';
import { roleName, roleTier, scopeTier } from './permission-map.js';
import type { OktaGrant, OktaRoleAssignment } from './wire.js';

/** Pure: an ACTIVE Okta API scope grant → a permission on the org (tier from the scope table); others → none. */
export function scopePermission(raw: OktaGrant): PermissionInput | null {
  const scope = str(raw.scopeId);
  if (!scope || raw.status !== 'ACTIVE') return null;
  return {
    nativeName: scope,
    resource: 'org',
    ...scopeTier(scope),
    source: 'app grant (GET /api/v1/apps/{appId}/grants)',
    attributes: { grant: 'scope', assignmentId: str(raw.id), grantSource: str(raw.source), label: null },
  };
}

/** Pure: a scope an integration was granted (`grantedScopes`, no grant object) → a permission on the org. */
export function grantedScopePermission(scope: string): PermissionInput {
  return {
    nativeName: scope,
    resource: 'org',
    ...scopeTier(scope),
    source: 'API service integration grantedScopes',
    attributes: { grant: 'scope', assignmentId: null, grantSource: null, label: null },
  };
}

/** Pure: an ACTIVE admin role assignment → a `role:<type>` permission (tier from the role table); others → none. */
export function rolePermission(raw: OktaRoleAssignment, source: string): PermissionInput | null {
  const type = str(raw.type);
  if (!type || (raw.status !== undefined && raw.status !== 'ACTIVE')) return null;
  return {
    nativeName: roleName(type),
    resource: str(raw['resource-set']) ?? 'org',
    ...roleTier(type),
    source,
    attributes: {
      grant: 'role',
      assignmentId: str(raw.id),
      grantSource: str(raw.assignmentType),
      label: str(raw.label),
    },
  };
}

/**
 * Okta has no owner field on apps: the user who made the earliest ADMIN grant of Okta API scopes to the app is the
 * best statement of who set it up (a claim of lower confidence).
 */
export function grantCreatorClaim(grants: readonly OktaGrant[]): OwnerClaim[] {
  let first: OktaGrant | null = null;
  for (const g of grants) {
    if (g.source !== 'ADMIN' || g.createdBy?.type !== 'User' || !str(g.createdBy.id)) continue;
    if (!first || Date.parse(g.created ?? '') < Date.parse(first.created ?? '')) first = g;
  }
  if (!first?.createdBy?.id) return [];
  return [
    {
      ref: first.createdBy.id,
      refType: 'native_user_id',
      source: 'creator',
      confidence: 0.5,
      evidence: `createdBy of the app's earliest Okta API scope grant (${first.scopeId ?? '?'}, ${first.created ?? '?'})`,
    },
  ];
}
