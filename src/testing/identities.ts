import { Identity, PLATFORM_IDS } from '../model/index.js';

/** A minimal service-account identity of tenant `acme` on the first platform: no credentials, no permissions. */
export function plainIdentity(nativeId: string, name: string): Identity {
  const platform = PLATFORM_IDS[0];
  return Identity.parse({
    id: `${platform}:acme:${nativeId}`,
    platform,
    tenant: 'acme',
    kind: 'service_account',
    nativeType: 'bot',
    nativeId,
    name,
    credentials: [],
    permissions: [],
  });
}
