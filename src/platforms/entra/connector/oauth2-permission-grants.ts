import type { PermissionInput } from '../../../model/index.js';
import type { EntraPermissionFacts } from '../facts.js';
import type { ResourceInfo } from './app-role-assignments.js';
import { type Graph, q } from './graph.js';
import type { WireOAuth2PermissionGrant } from './graph-types.js';
import { ratePermission } from './permission-tiers.js';
import type { Intern } from './string-pool.js';

/** GET /servicePrincipals/{id}/oauth2PermissionGrants: the delegated consents of one client. */
export async function listGrantsOfClient(graph: Graph, spId: string): Promise<WireOAuth2PermissionGrant[]> {
  const path = `/servicePrincipals/${q(spId)}/oauth2PermissionGrants`;
  return (await graph.all<WireOAuth2PermissionGrant>(path, 'oauth2PermissionGrants')).items;
}

/** GET /oauth2PermissionGrants/delta: the initial round lists every grant of the tenant and ends with a deltaLink. */
export function listAllGrantsDelta(
  graph: Graph,
  onPage: (grants: WireOAuth2PermissionGrant[]) => void | Promise<void>,
) {
  return graph.each<WireOAuth2PermissionGrant>('/oauth2PermissionGrants/delta', 'oauth2PermissionGrants.delta', onPage);
}

/** The fields of a grant the transform reads, with repeated values pooled. */
export function compactGrant(g: WireOAuth2PermissionGrant, intern: Intern): WireOAuth2PermissionGrant {
  return {
    id: g.id,
    clientId: intern(g.clientId),
    consentType: intern(g.consentType),
    principalId: intern(g.principalId),
    resourceId: intern(g.resourceId),
    scope: intern(g.scope),
  };
}

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
    {
      resourceId: string;
      scope: string;
      consentType: 'AllPrincipals' | 'Principal';
      principals: Set<string>;
      grantIds: string[];
    }
  >();
  for (const g of grants) {
    // A scope that is not a string names no permission.
    if (typeof g.resourceId !== 'string' || typeof g.scope !== 'string') continue;
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
      } satisfies EntraPermissionFacts,
    };
  });
}

/** The only user who consented for themselves, if exactly one did (the one a consenting_user claim names). */
export function soleConsentingUser(grants: WireOAuth2PermissionGrant[]): string | undefined {
  const consenters = new Set<string>();
  for (const g of grants) if (g.consentType === 'Principal' && g.principalId) consenters.add(g.principalId);
  return consenters.size === 1 ? consenters.values().next().value : undefined;
}

/** Distinct users who consented for themselves (consentType Principal). */
export function consentingUserIds(grants: WireOAuth2PermissionGrant[]): string[] {
  return [
    ...new Set(
      grants.filter((g) => g.consentType === 'Principal' && g.principalId).map((g) => g.principalId as string),
    ),
  ].sort();
}
