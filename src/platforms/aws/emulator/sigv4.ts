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

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function verifySigV4(
  req: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  now = Date.now(),
): SigV4Result {
  const auth = headerValue(req.headers.authorization);
  if (!auth)
    return {
      ok: false,
      status: 403,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    };
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m)
    return {
      ok: false,
      status: 400,
      code: 'IncompleteSignature',
      message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth.split(' ')[0]}`,
    };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  const secret = secretFor(accessKeyId);
  if (secret === undefined)
    return {
      ok: false,
      status: 403,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    };
  const amzDate = headerValue(req.headers['x-amz-date']);
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) {
    return {
      ok: false,
      status: 400,
      code: 'IncompleteSignature',
      message: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
    };
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
    return {
      ok: false,
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minute window.`,
    };
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host'))
    return {
      ok: false,
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    };
  const [path, query = ''] = req.url.split('?', 2);
  // The body is always hashed here: a client-sent x-amz-content-sha256 must match what actually arrived.
  const declared = headerValue(req.headers['x-amz-content-sha256']);
  const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : sha256(req.body);
  const canonical = [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    names.map((n) => `${n}:${headerValue(req.headers[n])}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const expected = createHmac('sha256', signingKey(secret, date, region, service))
    .update(stringToSign, 'utf8')
    .digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true, accessKeyId };
}
