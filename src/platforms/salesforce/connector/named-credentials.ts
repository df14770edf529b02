import type { IdentityInput, StaleField } from '../../../model/index.js';
import { type TransformContext, iso, requireId, requireRecord, sfId, str, userClaim } from './common.js';
import type { SfNamedCredential } from './wire.js';

/**
 * Pure: one NamedCredential row → a named_credential identity: a callout endpoint with the credential Salesforce
 * stores for it (encrypted, never readable through the API), used by Apex and flows as one principal.
 */
export function transform(raw: SfNamedCredential, t: TransformContext, stale: StaleField[] = []): IdentityInput {
  const nc = requireRecord(raw, 'Salesforce NamedCredential');
  const nativeId = requireId(nc.Id, 'Salesforce NamedCredential');
  return {
    id: sfId(t, 'named_credential', nativeId),
    platform: 'salesforce',
    tenant: t.tenant,
    kind: 'secret',
    nativeType: 'named_credential',
    nativeId,
    name: str(nc.DeveloperName) ?? nativeId,
    createdAt: iso(nc.CreatedDate),
    enabled: true,
    attributes: {
      label: str(nc.MasterLabel),
      endpoint: str(nc.Endpoint),
      principalType: str(nc.PrincipalType),
      lastModifiedDate: iso(nc.LastModifiedDate),
    },
    ownerClaims: userClaim(t, str(nc.CreatedById), 'creator', 'NamedCredential.CreatedById'),
    stale,
  };
}
