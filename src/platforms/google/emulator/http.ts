import type { FastifyReply, FastifyRequest } from 'fastify';

/** Google's canonical status word of an HTTP code (google.rpc.Code names as the JSON APIs send them). */
const STATUS_WORDS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const DOMAINS: Record<string, string> = {
  rateLimitExceeded: 'usageLimits',
  userRateLimitExceeded: 'usageLimits',
  quotaExceeded: 'usageLimits',
};

/** Google's error envelope: `{ error: { code, message, errors: [{ message, domain, reason }], status } }`. */
export function googleError(reply: FastifyReply, code: number, reason: string, message: string): FastifyReply {
  return reply.code(code).send({
    error: {
      code,
      message,
      errors: [{ message, domain: DOMAINS[reason] ?? 'global', reason }],
      status: STATUS_WORDS[code] ?? 'UNKNOWN',
    },
  });
}

/** The bearer token of a request (the SDK sends `Authorization: Bearer …`). */
export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null;
}

/** A query parameter as a string (Fastify parses the query string; repeated ones come as arrays). */
export function queryOf(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}

/** `pageToken` ↔ offset: Google's page tokens are opaque strings. */
export const pageTokenOf = (kind: string, offset: number): string =>
  Buffer.from(`${kind}:${offset}`).toString('base64url');

export function offsetOf(kind: string, token: string | undefined): number | null {
  if (!token) return 0;
  const [k, n] = Buffer.from(token, 'base64url').toString('utf8').split(':');
  const offset = Number(n);
  return k === kind && Number.isInteger(offset) && offset >= 0 ? offset : null;
}

/** A page size bounded as Google bounds it (default when absent, at most `max`). */
export function sizeOf(request: FastifyRequest, name: string, fallback: number, max: number): number {
  const n = Number(queryOf(request, name) ?? '');
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/**
 * One `nextPageToken` page of `items` under `key` (the token absent on the last page), or 400 invalid page token.
 * `extra` goes first (kind, etag) as Google orders its list bodies.
 */
export function page<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: {
    kind: string;
    key: string;
    sizeParam: string;
    fallback: number;
    max: number;
    extra?: Record<string, unknown>;
  },
  items: readonly T[],
): FastifyReply {
  const offset = offsetOf(opts.kind, queryOf(request, 'pageToken'));
  if (offset === null) return googleError(reply, 400, 'invalid', 'Invalid page token');
  const end = offset + sizeOf(request, opts.sizeParam, opts.fallback, opts.max);
  return reply.send({
    ...(opts.extra ?? {}),
    ...(items.length ? { [opts.key]: items.slice(offset, end) } : {}),
    ...(end < items.length ? { nextPageToken: pageTokenOf(opts.kind, end) } : {}),
  });
}
