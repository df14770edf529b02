import type { PublisherInput } from './types-helpers.js';
import { MICROSOFT_TENANT_IDS, type WireServicePrincipal } from './graph-types.js';

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

/**
 * Which of Steward's identities a service principal is. Pure.
 * - managed identities → their own workload_identity;
 * - Microsoft first-party apps (owned by Microsoft's tenants) → resources only, not the organisation's NHIs;
 * - the SP of an application registered in this tenant → merged into that application's identity;
 * - an SP owned by this tenant without an application object (deleted app, legacy) → its own identity;
 * - anything else is a multi-tenant app from another organisation → a third-party oauth_app.
 */
export function classifyServicePrincipal(
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
