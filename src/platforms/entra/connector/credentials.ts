import { createHash } from 'node:crypto';
import type { CredentialInput, CredentialType } from '../../../model/index.js';
import type { EntraCredentialFacts } from '../facts.js';
import { graphDate } from './dates.js';
import type { WireKeyCredential, WirePasswordCredential } from './graph-types.js';

export type SetOn = 'application' | 'servicePrincipal';

/**
 * The id part of a credential: its keyId, or — when Graph lists one without (docs examples, older objects) — an id
 * derived from what identifies the credential itself, so it is kept (not dropped) and keeps the same id from scan
 * to scan. `taken` disambiguates two listed credentials that agree on every one of those fields.
 */
function keyPart(keyId: string | null | undefined, identifying: Array<string | null | undefined>, taken: Set<string>) {
  if (keyId) return { part: keyId, derived: false };
  const digest = createHash('sha256')
    .update(JSON.stringify(identifying.map((v) => v ?? null)))
    .digest('hex');
  let part = `derived-${digest.slice(0, 16)}`;
  for (let n = 2; taken.has(part); n++) part = `derived-${digest.slice(0, 16)}-${n}`;
  taken.add(part);
  return { part, derived: true };
}

/**
 * passwordCredentials and keyCredentials, as listed on an application or a service principal. Pure. Graph never
 * lists secret values (secretText is null outside addPassword) and the connector never reads them: only the
 * 3-character hint (Graph's own redacted preview) and the certificate thumbprint are kept.
 */
export function transformPasswordAndKeyCredentials(
  identityId: string,
  owner: { passwordCredentials?: WirePasswordCredential[] | null; keyCredentials?: WireKeyCredential[] | null },
  setOn: SetOn,
): CredentialInput[] {
  const prefix = setOn === 'application' ? 'app' : 'sp';
  const out: CredentialInput[] = [];
  const taken = new Set<string>();
  for (const p of owner.passwordCredentials ?? []) {
    const start = graphDate(p.startDateTime);
    const end = graphDate(p.endDateTime);
    const key = keyPart(p.keyId, ['password', p.customKeyIdentifier, p.hint, start, end], taken);
    out.push({
      id: `${identityId}:${prefix}:password:${key.part}`,
      type: 'client_secret',
      name: p.displayName ?? null,
      createdAt: start,
      expiresAt: end,
      fingerprint: null,
      enabled: true,
      attributes: {
        setOn,
        supportsExpiry: true,
        ...(key.derived ? { keyIdDerived: true } : { keyId: key.part }),
        hint: p.hint ?? null,
        graphType: 'passwordCredential',
      } satisfies EntraCredentialFacts,
    });
  }
  for (const k of owner.keyCredentials ?? []) {
    const type: CredentialType = k.type === 'Symmetric' || k.type === 'Password' ? 'client_secret' : 'certificate';
    const start = graphDate(k.startDateTime);
    const end = graphDate(k.endDateTime);
    // customKeyIdentifier is the certificate's thumbprint: with the dates it tells two keys apart.
    const key = keyPart(k.keyId, ['key', k.customKeyIdentifier, k.type, k.usage, start, end], taken);
    out.push({
      id: `${identityId}:${prefix}:key:${key.part}`,
      type,
      name: k.displayName ?? null,
      createdAt: start,
      expiresAt: end,
      // customKeyIdentifier of an X.509 key is its thumbprint (x5t): the same certificate on two apps matches.
      fingerprint: k.customKeyIdentifier ? `x5t:${k.customKeyIdentifier}` : null,
      enabled: true,
      attributes: {
        setOn,
        supportsExpiry: true,
        ...(key.derived ? { keyIdDerived: true } : { keyId: key.part }),
        keyType: k.type ?? null,
        usage: k.usage ?? null,
        graphType: 'keyCredential',
      } satisfies EntraCredentialFacts,
    });
  }
  return out;
}
