import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A GitHub-shaped token (`ghp_…`, `ghs_…`): prefix + 36 base62 characters, from a CSPRNG. */
export function githubToken(prefix: 'ghp' | 'ghs'): string {
  const bytes = randomBytes(36);
  let s = '';
  for (const b of bytes) s += BASE62[b % 62];
  return `${prefix}_${s}`;
}

export interface AppKey {
  privateKeyPem: string;
  publicKey: KeyObject;
}

/** An RSA key pair for the scanner App, PKCS#1 PEM like the keys GitHub lets you download. */
export function generateAppKey(): AppKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return { privateKeyPem, publicKey: createPublicKey(privateKey) };
}

export type JwtCheck = { ok: true; appId: number } | { ok: false; message: string };

const b64url = (s: string) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** Verifies a GitHub App JWT: RS256 signature with the App's key, iss = app id, iat/exp window ≤ 10 minutes. */
export function verifyAppJwt(
  jwt: string,
  appId: number,
  key: KeyObject,
  nowSeconds = Math.floor(Date.now() / 1000),
): JwtCheck {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, message: 'A JSON web token could not be decoded' };
  let header: { alg?: string };
  let payload: { iss?: string | number; iat?: number; exp?: number };
  try {
    header = JSON.parse(b64url(parts[0]).toString('utf8'));
    payload = JSON.parse(b64url(parts[1]).toString('utf8'));
  } catch {
    return { ok: false, message: 'A JSON web token could not be decoded' };
  }
  if (header.alg !== 'RS256') return { ok: false, message: 'A JSON web token could not be decoded' };
  const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, b64url(parts[2]));
  if (!signed) return { ok: false, message: 'A JSON web token could not be decoded' };
  if (String(payload.iss) !== String(appId)) return { ok: false, message: "'Issuer' claim ('iss') must be an Integer" };
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number')
    return { ok: false, message: "Missing 'issued at' or 'expiration time' claim" };
  if (payload.iat > nowSeconds + 60)
    return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing a time in the past" };
  if (payload.exp <= nowSeconds)
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  if (payload.exp - payload.iat > 660)
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true, appId };
}
