import type { CredentialInput } from '../../../model/index.js';
import { iso, requireId, str } from './common.js';
import type { OktaClientSecret, OktaJwk } from './wire.js';

/**
 * Pure: one client secret (of an OAuth app or an API service integration) → a client_secret credential. Okta
 * secrets never expire (supportsExpiry false); the masked value is never kept, its `secret_hash` is the fingerprint
 * (the same secret on two clients shows the same hash).
 */
export function secretCredential(identityId: string, raw: OktaClientSecret): CredentialInput {
  const secretId = requireId(raw.id, `client secret of ${identityId}`);
  return {
    id: `${identityId}:secret:${secretId}`,
    type: 'client_secret',
    name: null,
    createdAt: iso(raw.created),
    expiresAt: null,
    lastUsedAt: null,
    fingerprint: str(raw.secret_hash),
    enabled: raw.status === 'ACTIVE',
    attributes: {
      supportsExpiry: false,
      credentialKind: 'client_secret',
      status: str(raw.status) ?? 'UNKNOWN',
      lastUpdated: iso(raw.lastUpdated),
      secretHash: str(raw.secret_hash),
      kid: null,
      kty: null,
      alg: null,
    },
  };
}

/** Pure: one JWK of an OAuth client → a private_key credential (the client holds the private half and signs with it). */
export function jwkCredential(identityId: string, raw: OktaJwk): CredentialInput {
  const keyId = str(raw.kid) ?? requireId(raw.id, `JWK of ${identityId}`);
  return {
    id: `${identityId}:jwk:${keyId}`,
    type: 'private_key',
    name: str(raw.kid),
    createdAt: iso(raw.created),
    expiresAt: null,
    lastUsedAt: null,
    fingerprint: null,
    enabled: raw.status === 'ACTIVE',
    attributes: {
      supportsExpiry: false,
      credentialKind: 'jwk',
      status: str(raw.status) ?? 'UNKNOWN',
      lastUpdated: iso(raw.lastUpdated),
      secretHash: null,
      kid: str(raw.kid),
      kty: str(raw.kty),
      alg: str(raw.alg),
    },
  };
}
