import type { PermissionInput } from '../../../model/index.js';
import type { WireOAuth2PermissionGrant } from './graph-types.js';
import type { ResourceInfo } from './app-role-assignments.js';
import { ratePermission } from './permission-tiers.js';

/**
 * oauth2PermissionGrants of one client service principal → delegated permissions. Pure. One permission per
 * (resource, scope, consent type): admin consent for all users (AllPrincipals) is marked tenantWide; per-user
 * consents are folded into one permission listing the consenting user ids.
 */
export function transformOAuth2PermissionGrants(
  grants: WireOAuth2PermissionGrant[],
  resources: Map<string, ResourceInfo>,
): PermissionInput[] {
  const folded = new Map<
    string,
    { resourceId: string; scope: string; consentType: string; principals: Set<string>; grantIds: string[] }
  >();
  for (const g of grants) {
    if (!g.resourceId || !g.scope) continue;
    const consentType = g.consentType === 'AllPrincipals' ? 'AllPrincipals' : 'Principal';
    for (const scope of g.scope.split(/\s+/).filter(Boolean)) {
      const key = `${g.resourceId}|${scope}|${consentType}`;
      const entry = folded.get(key) ?? {
        resourceId: g.resourceId,
        scope,
        consentType,
        principals: new Set<string>(),
        grantIds: [],
      };
      if (g.principalId) entry.principals.add(g.principalId);
      entry.grantIds.push(g.id);
      folded.set(key, entry);
    }
  }
  return [...folded.values()].map((e) => {
    const tier = ratePermission('Delegated', e.scope);
    const resource = resources.get(e.resourceId);
    return {
      nativeName: e.scope,
      resource: resource?.displayName ?? e.resourceId,
      access: tier.access,
      sensitivity: tier.sensitivity,
      pathToAdmin: tier.pathToAdmin,
      source: 'oauth2PermissionGrant',
      attributes: {
        type: 'Delegated',
        consentType: e.consentType,
        tenantWide: e.consentType === 'AllPrincipals',
        principalIds: [...e.principals].sort(),
        grantIds: e.grantIds,
        resourceId: e.resourceId,
        resourceAppId: resource?.appId ?? null,
      },
    };
  });
}

/** Distinct users who consented for themselves (consentType Principal). */
export function consentingUserIds(grants: WireOAuth2PermissionGrant[]): string[] {
  return [
    ...new Set(
      grants.filter((g) => g.consentType === 'Principal' && g.principalId).map((g) => g.principalId as string),
    ),
  ].sort();
}
