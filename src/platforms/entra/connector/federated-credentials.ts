import type { CredentialInput } from '../../../model/index.js';
import type { EntraCredentialFacts } from '../facts.js';
import { type Graph, q } from './graph.js';
import type { WireFederatedIdentityCredential } from './graph-types.js';

/** GET /applications/{id}/federatedIdentityCredentials. */
export async function listFederatedCredentials(
  graph: Graph,
  appObjectId: string,
): Promise<WireFederatedIdentityCredential[]> {
  const path = `/applications/${q(appObjectId)}/federatedIdentityCredentials`;
  return (await graph.all<WireFederatedIdentityCredential>(path, 'federatedIdentityCredentials')).items;
}

/**
 * Full scan: the federated credentials of every application from one listing (ids + $expand, one expansion per
 * request), page by page.
 */
export function listExpandedFederatedCredentials(
  graph: Graph,
  pageSize: number,
  onPage: (
    page: Array<{ id?: string; federatedIdentityCredentials?: WireFederatedIdentityCredential[] }>,
  ) => Promise<void>,
) {
  return graph.each(
    `/applications?$select=id&$expand=federatedIdentityCredentials&$top=${pageSize}`,
    'applications.federatedIdentityCredentials',
    onPage,
  );
}

/** Recognises the common OIDC issuers of workload identity federation. */
export function federatedIssuerKind(issuer: string | null | undefined): string {
  if (!issuer) return 'unknown';
  if (issuer.startsWith('https://token.actions.githubusercontent.com')) return 'github_actions';
  if (issuer.startsWith('https://vstoken.dev.azure.com') || issuer.includes('app.vstoken.visualstudio.com'))
    return 'azure_devops';
  if (issuer.includes('.oic.prod-aks.azure.com') || issuer.includes('oidc.prod-aks.azure.com')) return 'aks';
  if (issuer.startsWith('https://accounts.google.com')) return 'google';
  if (issuer.startsWith('https://gitlab.')) return 'gitlab';
  if (issuer.startsWith('https://login.microsoftonline.com')) return 'entra';
  return 'other';
}

/**
 * GET /applications/{id}/federatedIdentityCredentials → secretless 'federated' credentials. Pure. They have no
 * dates and no expiry (supportsExpiry false): their risk is in who the issuer/subject lets in.
 */
export function transformFederatedIdentityCredentials(
  identityId: string,
  fics: WireFederatedIdentityCredential[],
): CredentialInput[] {
  return fics
    .filter((f) => f.id)
    .map((f) => ({
      id: `${identityId}:app:federated:${f.id}`,
      type: 'federated' as const,
      name: f.name ?? null,
      createdAt: null,
      expiresAt: null,
      fingerprint: null,
      enabled: true,
      attributes: {
        setOn: 'application',
        supportsExpiry: false,
        issuer: f.issuer ?? null,
        issuerKind: federatedIssuerKind(f.issuer),
        subject: f.subject ?? null,
        audiences: f.audiences ?? [],
        description: f.description ?? null,
      } satisfies EntraCredentialFacts,
    }));
}
