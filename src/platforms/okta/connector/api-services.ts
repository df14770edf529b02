import type { IdentityInput, StaleField } from '../../../model/index.js';
import {
  type TransformContext,
  SYSTEM_LOG_SOURCE,
  iso,
  oktaId,
  requireId,
  str,
  stringList,
  userClaim,
} from './common.js';
import { secretCredential } from './credentials.js';
import { grantedScopePermission } from './grants.js';
import type { OktaApiService, OktaClientSecret } from './wire.js';

export interface ServiceParts {
  secrets: OktaClientSecret[] | null;
  lastUsedAt: string | null;
  stale: StaleField[];
}

/**
 * Pure: one API service integration (an OIN vendor's service client installed in the org) → an
 * api_service_integration identity: its secrets, its granted Okta API scopes, the admin who installed it.
 */
export function transform(raw: OktaApiService, parts: ServiceParts, t: TransformContext): IdentityInput {
  const nativeId = requireId(raw.id, 'Okta API service integration');
  const id = oktaId(t, 'api_service_integration', nativeId);
  const name = str(raw.name) ?? nativeId;
  const scopes = stringList(raw.grantedScopes, `Okta API service integration ${nativeId}`, 'grantedScopes');
  return {
    id,
    platform: 'okta',
    tenant: t.tenant,
    kind: 'integration_user',
    nativeType: 'api_service_integration',
    nativeId,
    name,
    createdAt: iso(raw.createdAt),
    createdBy: str(raw.createdBy),
    lastUsedAt: parts.lastUsedAt,
    lastUsedSource: SYSTEM_LOG_SOURCE,
    enabled: true,
    thirdParty: true,
    // Integrations come from the Okta Integration Network, which Okta reviews.
    publisher: { name, verified: true, domain: null },
    attributes: { integrationType: str(raw.type), configGuideUrl: str(raw.configGuideUrl) },
    credentials: (parts.secrets ?? []).map((s) => secretCredential(id, s)),
    permissions: scopes.map(grantedScopePermission),
    ownerClaims: userClaim(str(raw.createdBy), 0.7, 'API service integration createdBy (the admin who installed it)'),
    stale: parts.stale,
  };
}
