import { type Graph, q } from './graph.js';
import { MICROSOFT_TENANT_IDS, type WireServicePrincipal } from './graph-types.js';
import { OWNER_EXPAND } from './owners.js';
import type { PublisherInput } from './types-helpers.js';
import { guardPayload, idOf } from '../../../lib/payload.js';

export type ServicePrincipalClass = 'first_party' | 'managed_identity' | 'home_app' | 'home_orphan' | 'third_party';

export const SP_SELECT = [
  'id',
  'appId',
  'displayName',
  'appDisplayName',
  'accountEnabled',
  'servicePrincipalType',
  'appOwnerOrganizationId',
  'verifiedPublisher',
  'publisherName',
  'signInAudience',
  'alternativeNames',
  'tags',
  'appRoles',
  'oauth2PermissionScopes',
  'passwordCredentials',
  'keyCredentials',
];

const SPS_SELECT = SP_SELECT.join(',');

/** GET /servicePrincipals with their owners expanded, page by page (full scan). */
export function listServicePrincipals(
  graph: Graph,
  pageSize: number,
  onPage: (sps: WireServicePrincipal[]) => Promise<void>,
) {
  return graph.each<WireServicePrincipal>(
    `/servicePrincipals?$select=${SPS_SELECT}&${OWNER_EXPAND}&$top=${pageSize}`,
    'servicePrincipals',
    onPage,
  );
}

/** GET /servicePrincipals/{id} with its owners expanded; null when deleted meanwhile. */
export function getServicePrincipal(graph: Graph, id: string): Promise<WireServicePrincipal | null> {
  return graph.get<WireServicePrincipal>(
    `/servicePrincipals/${q(id)}?$select=${SPS_SELECT}&${OWNER_EXPAND}`,
    'servicePrincipals',
  );
}

/** A resource service principal (what permission names are resolved against); null when it is gone. */
export function getResourceServicePrincipal(graph: Graph, id: string): Promise<WireServicePrincipal | null> {
  return graph.get<WireServicePrincipal>(
    `/servicePrincipals/${q(id)}?$select=id,appId,displayName,appRoles`,
    'servicePrincipals',
  );
}

/** The service principals of one appId (one per tenant the app is used in that lists it here). */
export async function listServicePrincipalsOfApp(graph: Graph, appId: string): Promise<WireServicePrincipal[]> {
  const path = `/servicePrincipals?$filter=${q(`appId eq '${appId}'`)}&$select=${SPS_SELECT}&${OWNER_EXPAND}`;
  return (await graph.all<WireServicePrincipal>(path, 'servicePrincipals')).items;
}

/** GET /servicePrincipals/delta?$deltatoken=latest, taken before a full scan lists the service principals. */
export function latestServicePrincipalsDelta(graph: Graph) {
  return graph.all(
    `/servicePrincipals/delta?$select=id,appId,appOwnerOrganizationId&$deltatoken=latest`,
    'servicePrincipals.delta',
  );
}

/** A held home service principal keeps only what the identity reads (not appRoles/oauth2PermissionScopes/tags). */
export function compactServicePrincipal(sp: WireServicePrincipal): WireServicePrincipal {
  const { appRoles: _r, oauth2PermissionScopes: _s, tags: _t, ...rest } = sp;
  return rest;
}

/** appOwnerOrganizationId says the app was registered in this tenant. */
export function ownedByTenant(sp: WireServicePrincipal, tenantId: string): boolean {
  return sp.appOwnerOrganizationId?.toLowerCase() === tenantId.toLowerCase();
}

/**
 * Which of Steward's identities a service principal is. Pure.
 * - managed identities → their own workload_identity;
 * - Microsoft first-party apps (owned by Microsoft's tenants) → resources only, not the organisation's NHIs;
 * - the SP of an application registered in this tenant → merged into that application's identity;
 * - an SP owned by this tenant without an application object (deleted app, legacy) → its own identity;
 * - anything else is a multi-tenant app from another organisation → a third-party oauth_app.
 */
function classifyServicePrincipalUnguarded(
  sp: WireServicePrincipal,
  tenantId: string,
  homeAppIds: ReadonlySet<string>,
): ServicePrincipalClass {
  if (sp.servicePrincipalType === 'ManagedIdentity') return 'managed_identity';
  const owner = (sp.appOwnerOrganizationId ?? '').toLowerCase();
  if (MICROSOFT_TENANT_IDS.has(owner)) return 'first_party';
  if (owner === tenantId.toLowerCase()) return sp.appId && homeAppIds.has(sp.appId) ? 'home_app' : 'home_orphan';
  return 'third_party';
}

/** verifiedPublisher (Microsoft Partner Network verified) first, else the unverified publisherName. */
export function servicePrincipalPublisher(sp: WireServicePrincipal): PublisherInput | null {
  const verified = !!sp.verifiedPublisher?.verifiedPublisherId;
  const name = sp.verifiedPublisher?.displayName ?? sp.publisherName ?? null;
  if (!name && !verified) return null;
  return { name, verified, domain: null };
}

/** ARM resource id of a managed identity (from alternativeNames). */
export function managedIdentityResource(sp: WireServicePrincipal): string | null {
  return (sp.alternativeNames ?? []).find((n) => n.startsWith('/subscriptions/')) ?? null;
}

/**
 * System- or user-assigned, from a managed identity's alternativeNames (Microsoft's documented criterion):
 * `isExplicit=True` is user-assigned; `isExplicit=False`, or no isExplicit entry, is system-assigned.
 */
export function managedIdentityType(sp: WireServicePrincipal): 'SystemAssigned' | 'UserAssigned' {
  const names = (sp.alternativeNames ?? []).filter((n): n is string => typeof n === 'string');
  const explicit = names.find((n) => n.toLowerCase().startsWith('isexplicit='));
  return explicit?.toLowerCase() === 'isexplicit=true' ? 'UserAssigned' : 'SystemAssigned';
}

/** classifyServicePrincipal with malformed-payload errors naming the object (src/lib/payload.ts). */
export const classifyServicePrincipal = guardPayload(
  (sp: WireServicePrincipal, _tenantId: string, _homeAppIds: ReadonlySet<string>) =>
    `Entra servicePrincipal ${idOf(sp.id)}`,
  classifyServicePrincipalUnguarded,
);
