import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Slack's answer to a refusal or a bad call: HTTP 200 with `{ ok: false, error }` (and the scopes for missing_scope). */
export function fail(reply: FastifyReply, error: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(200).send({ ok: false, error, ...extra });
}

export const requestId = (): string => randomBytes(12).toString('hex');

/** The form fields of a Web API call: the form-encoded body (what the SDK sends), else the query string. */
export function argsOf(request: FastifyRequest): URLSearchParams {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const body = typeof request.body === 'string' ? request.body : '';
  return new URLSearchParams(body || query);
}

/** The token: `Authorization: Bearer …` (the SDK), else a `token` form field. */
export function tokenOf(request: FastifyRequest, args: URLSearchParams): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7);
  return args.get('token');
}

/** `cursor` ↔ offset: Slack's cursors are opaque base64 strings; "" means the last page. */
export const cursorOf = (kind: string, offset: number): string => Buffer.from(`${kind}:${offset}`).toString('base64');

export function offsetOf(kind: string, cursor: string | null): number | null {
  if (!cursor) return 0;
  const [k, n] = Buffer.from(cursor, 'base64').toString('utf8').split(':');
  const offset = Number(n);
  return k === kind && Number.isInteger(offset) && offset >= 0 ? offset : null;
}

/** `limit`, bounded as Slack bounds it (default and maximum per method). */
export function limitOf(args: URLSearchParams, fallback: number, max: number): number {
  const n = Number(args.get('limit') ?? '');
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** One cursor page of `items` under `key`, or invalid_cursor. */
export function page<T>(
  reply: FastifyReply,
  args: URLSearchParams,
  kind: string,
  key: string,
  items: readonly T[],
  bounds: { fallback: number; max: number },
  extra: Record<string, unknown> = {},
): FastifyReply {
  const offset = offsetOf(kind, args.get('cursor'));
  if (offset === null) return fail(reply, 'invalid_cursor');
  const limit = limitOf(args, bounds.fallback, bounds.max);
  const end = offset + limit;
  return reply.send({
    ok: true,
    [key]: items.slice(offset, end),
    ...extra,
    response_metadata: { next_cursor: end < items.length ? cursorOf(kind, end) : '' },
  });
}
