import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';

/**
 * The OAuth 2.0 service app a scanner can authenticate as instead of an SSWS token: client credentials with
 * `private_key_jwt` (RS256 client assertion: iss = sub = client id, aud = <org>/oauth2/v1/token, exp in the future).
 * Its key pair is generated at start; the private key is handed to the scanner through an environment variable.
 */
export interface ScannerClient {
  clientId: string;
  keyId: string;
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function generateScannerClient(): ScannerClient {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clientId: `0oa${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 17)}`,
    keyId: `steward-${randomBytes(4).toString('hex')}`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: createPublicKey(privateKey),
  };
}

export type AssertionCheck = { ok: true } | { ok: false; description: string };

const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Verifies a client assertion as Okta's token endpoint does (the subset a client-credentials scanner uses). */
export function verifyAssertion(jwt: string, client: ScannerClient, audience: string, nowS: number): AssertionCheck {
  const pieces = jwt.split('.');
  if (pieces.length !== 3) return { ok: false, description: 'The client_assertion token is malformed.' };
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = part(pieces[0]);
    claims = part(pieces[1]);
  } catch {
    return { ok: false, description: 'The client_assertion token is malformed.' };
  }
  if (header.alg !== 'RS256') return { ok: false, description: "The client_assertion token has an unsupported 'alg'." };
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${pieces[0]}.${pieces[1]}`),
    client.publicKey,
    Buffer.from(pieces[2], 'base64url'),
  );
  if (!signed) return { ok: false, description: 'The client_assertion signature is invalid.' };
  if (claims.iss !== client.clientId || claims.sub !== client.clientId)
    return { ok: false, description: "The 'iss' and 'sub' claims must be the client_id." };
  if (claims.aud !== audience)
    return {
      ok: false,
      description: 'The audience claim for client_assertion must be the endpoint invoked for the request.',
    };
  if (typeof claims.exp !== 'number' || claims.exp <= nowS)
    return { ok: false, description: 'The client_assertion token is expired.' };
  return { ok: true };
}
