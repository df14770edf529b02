import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies an AWS Signature Version 4 `Authorization` header by recomputing the signature from the request, the
 * way AWS does: canonical request → string to sign → HMAC chain from the secret. Independent of the SDK's signer.
 */
export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. "/" or "/?a=b". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string }
  | { ok: false; status: number; code: string; message: string };

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalUri(path: string): string {
  // Non-S3 services: each segment is URI-encoded twice (decode what we received, then encode twice).
  return (
    path
      .split('/')
      .map((seg) => encode(encode(decodeURIComponent(seg))))
      .join('/') || '/'
  );
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split('=');
      return [
        encode(decodeURIComponent(k.replace(/\+/g, ' '))),
        encode(decodeURIComponent(v.replace(/\+/g, ' '))),
      ] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(v: string | string[] | undefined): string {
  const s = Array.isArray(v) ? v.join(',') : (v ?? '');
  return s.trim().replace(/\s+/g, ' ');
}

const signingKeys = new Map<string, Buffer>();

/** The derived key changes once a day per key, region and service; AWS's own SDKs cache it the same way. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\u0000${date}\u0000${region}\u0000${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    if (signingKeys.size > 1000) signingKeys.clear();
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    signingKeys.set(cacheKey, key);
  }
  return key;
}

const fail = (status: number, code: string, message: string): SigV4Result => ({ ok: false, status, code, message });

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

function parseAuthorization(auth: string): ParsedAuthorization | SigV4Result {
  if (!auth) return fail(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  const m = AUTHORIZATION.exec(auth);
  if (!m)
    return fail(
      400,
      'IncompleteSignature',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth.split(' ')[0]}`,
    );
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  return { accessKeyId, date, region, service, signedHeaders, signature };
}

/** The x-amz-date must match the credential scope's day and lie within 15 minutes of now. */
function checkDate(amzDate: string, date: string, now: number): SigV4Result | null {
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) {
    return fail(
      400,
      'IncompleteSignature',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
    );
  }
  const signedAt = Date.UTC(
    +amzDate.slice(0, 4),
    +amzDate.slice(4, 6) - 1,
    +amzDate.slice(6, 8),
    +amzDate.slice(9, 11),
    +amzDate.slice(11, 13),
    +amzDate.slice(13, 15),
  );
  if (Math.abs(now - signedAt) > 15 * 60_000) {
    return fail(
      403,
      'SignatureDoesNotMatch',
      `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minute window.`,
    );
  }
  return null;
}

/** The signature the request should carry: canonical request → string to sign → HMAC with the derived key. */
function expectedSignature(req: SignedRequest, a: ParsedAuthorization, secret: string, amzDate: string): Buffer {
  const [path, query = ''] = req.url.split('?', 2);
  // The body is always hashed here: a client-sent x-amz-content-sha256 must match what actually arrived.
  const declared = headerValue(req.headers['x-amz-content-sha256']);
  const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : sha256(req.body);
  const canonical = [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    a.signedHeaders
      .split(';')
      .map((n) => `${n}:${headerValue(req.headers[n])}\n`)
      .join(''),
    a.signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${a.date}/${a.region}/${a.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  return createHmac('sha256', signingKey(secret, a.date, a.region, a.service))
    .update(stringToSign, 'utf8')
    .digest();
}

export function verifySigV4(
  req: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  now = Date.now(),
): SigV4Result {
  const a = parseAuthorization(headerValue(req.headers.authorization));
  if ('ok' in a) return a;
  const secret = secretFor(a.accessKeyId);
  if (secret === undefined)
    return fail(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  const amzDate = headerValue(req.headers['x-amz-date']);
  const dateError = checkDate(amzDate, a.date, now);
  if (dateError) return dateError;
  if (!a.signedHeaders.split(';').includes('host'))
    return fail(403, 'SignatureDoesNotMatch', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const expected = expectedSignature(req, a, secret, amzDate);
  const given = Buffer.from(a.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { ok: true, accessKeyId: a.accessKeyId };
}
