import type { CredentialFacts } from './oracle.js';
import { type GenContext, ago, b64, daysSince, oktaId } from './context.js';
import type { OktaJwkData, OktaSecretData } from './types.js';

/** Client secrets of an app or integration. `plantTwo`: two ACTIVE ones (a rotation never finished). */
export function makeSecrets(c: GenContext, createdIso: string, plantTwo = false, plantOld = false): OktaSecretData[] {
  const age = daysSince(createdIso, c.now);
  const count = plantTwo
    ? 2
    : c.rng.weighted([
        [1, 70],
        [2, 30],
      ] as const);
  const out: OktaSecretData[] = [];
  for (let i = 0; i < count; i++) {
    const days = plantOld ? Math.max(380, age - 1) - i * 3 : c.rng.next() * Math.max(1, age - 1);
    const created = ago(c, Math.min(days, age));
    const status = plantTwo || i === 0 || c.rng.chance(0.35) ? 'ACTIVE' : 'INACTIVE';
    out.push({
      id: oktaId(c, 'ocs', c.labels.length * 4 + i),
      status,
      created,
    });
  }
  return out.sort((a, b) => (a.created < b.created ? -1 : 1));
}

export function makeJwks(c: GenContext, createdIso: string): OktaJwkData[] {
  const age = daysSince(createdIso, c.now);
  const count = c.rng.chance(0.25) ? 2 : 1;
  const out: OktaJwkData[] = [];
  for (let i = 0; i < count; i++) {
    const created = ago(c, c.rng.next() * Math.max(1, age - 1));
    out.push({
      id: oktaId(c, 'pks', c.labels.length * 4 + i),
      kid: c.rng.chance(0.85) ? b64(c, 40) : null,
      status: i === 0 || c.rng.chance(0.5) ? 'ACTIVE' : 'INACTIVE',
      created,
    });
  }
  return out;
}

export function secretFacts(identityId: string, s: OktaSecretData): CredentialFacts {
  return {
    id: `${identityId}:secret:${s.id}`,
    type: 'client_secret',
    createdAt: s.created,
    expiresAt: null,
    lastUsedAt: null,
    enabled: s.status === 'ACTIVE',
    supportsExpiry: false,
    fingerprint: null,
  };
}

export function jwkFacts(identityId: string, k: OktaJwkData): CredentialFacts {
  return {
    id: `${identityId}:jwk:${k.kid ?? k.id}`,
    type: 'private_key',
    createdAt: k.created,
    expiresAt: null,
    lastUsedAt: null,
    enabled: k.status === 'ACTIVE',
    supportsExpiry: false,
    fingerprint: null,
  };
}
