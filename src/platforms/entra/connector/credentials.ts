import type { CredentialInput, CredentialType } from '../../../model/index.js';
import type { EntraCredentialFacts } from '../facts.js';
import { graphDate } from './dates.js';
import type { WireKeyCredential, WirePasswordCredential } from './graph-types.js';

export type SetOn = 'application' | 'servicePrincipal';

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
  for (const p of owner.passwordCredentials ?? []) {
    if (!p.keyId) continue;
    out.push({
      id: `${identityId}:${prefix}:password:${p.keyId}`,
      type: 'client_secret',
      name: p.displayName ?? null,
      createdAt: graphDate(p.startDateTime),
      expiresAt: graphDate(p.endDateTime),
      fingerprint: null,
      enabled: true,
      attributes: {
        setOn,
        supportsExpiry: true,
        keyId: p.keyId,
        hint: p.hint ?? null,
        graphType: 'passwordCredential',
      } satisfies EntraCredentialFacts,
    });
  }
  for (const k of owner.keyCredentials ?? []) {
    if (!k.keyId) continue;
    const type: CredentialType = k.type === 'Symmetric' || k.type === 'Password' ? 'client_secret' : 'certificate';
    out.push({
      id: `${identityId}:${prefix}:key:${k.keyId}`,
      type,
      name: k.displayName ?? null,
      createdAt: graphDate(k.startDateTime),
      expiresAt: graphDate(k.endDateTime),
      // customKeyIdentifier of an X.509 key is its thumbprint (x5t): the same certificate on two apps matches.
      fingerprint: k.customKeyIdentifier ? `x5t:${k.customKeyIdentifier}` : null,
      enabled: true,
      attributes: {
        setOn,
        supportsExpiry: true,
        keyId: k.keyId,
        keyType: k.type ?? null,
        usage: k.usage ?? null,
        graphType: 'keyCredential',
      } satisfies EntraCredentialFacts,
    });
  }
  return out;
}
