import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { intParam } from '../../../emulation/kit/index.js';
import { requiredScope } from './scopes.js';
import type { EmulatorState } from './state.js';

/** Okta's error envelope (errorCode, errorSummary, errorLink, errorId, errorCauses). */
export function errorBody(errorCode: string, errorSummary: string, causes: string[] = []) {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: `oae${randomBytes(16).toString('base64url').slice(0, 22)}`,
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

/** A random prefix per process and a counter: unique like Okta's, without asking the OS for randomness per request. */
const REQUEST_ID_PREFIX = randomBytes(12).toString('base64url');
let requestCounter = 0;
export const requestId = (): string => `${REQUEST_ID_PREFIX}${(++requestCounter).toString(36).padStart(11, '0')}`;

export function oktaError(reply: FastifyReply, status: number, code: string, summary: string, causes: string[] = []) {
  return reply
    .code(status)
    .type('application/json')
    .send(errorBody(code, summary, causes));
}

/** Okta's 404: `Not found: Resource not found: <id> (<type>)`. */
export const notFound = (reply: FastifyReply, id: string, type: string) =>
  oktaError(reply, 404, 'E0000007', `Not found: Resource not found: ${id} (${type})`);

export const badFilter = (reply: FastifyReply, detail: string) =>
  oktaError(reply, 400, 'E0000031', 'Invalid search criteria.', [detail]);

/**
 * Who may call: `SSWS <token>` (an admin's API token: everything), or `Bearer <access token>` issued to the
 * scanner service app (only what its scopes cover). Anything else is Okta's 401 E0000011; a missing scope is 403
 * E0000006 with the `WWW-Authenticate: Bearer … error="insufficient_scope"` challenge.
 */
export function authorize(s: EmulatorState, request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const m = /^(SSWS|Bearer)\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
  if (m?.[1].toUpperCase() === 'SSWS' && m[2] === s.token) return undefined;
  const granted = m?.[1].toLowerCase() === 'bearer' ? s.accessTokens.get(m[2]) : undefined;
  if (!granted || granted.expires < Date.now()) return oktaError(reply, 401, 'E0000011', 'Invalid token provided');
  const path = request.url.split('?')[0];
  const scope = requiredScope(path);
  if (!scope || granted.scopes.has(scope)) return undefined;
  reply.header(
    'www-authenticate',
    `Bearer authorization_uri="${s.base}/oauth2/v1/authorize", realm="IdpPlatform", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path}"`,
  );
  return oktaError(reply, 403, 'E0000006', 'You do not have permission to perform the requested action');
}

export const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;
export const params = (request: FastifyRequest) => request.params as Record<string, string>;

/** `<url>; rel="x"` links, one Link header each (as Okta sends them), URLs absolute on the emulator's base. */
export function setLinks(s: EmulatorState, request: FastifyRequest, reply: FastifyReply, next: URL | null): void {
  const self = new URL(request.url, s.base);
  const links = [`<${self.toString()}>; rel="self"`];
  if (next) links.push(`<${next.toString()}>; rel="next"`);
  reply.header('link', links);
}

/**
 * Okta's cursor paging: `limit` (default and maximum per resource) and `after` = the id of the last item of the
 * previous page; a `rel="next"` link while more remain.
 */
export function cursorPage<T>(
  s: EmulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  idOf: (t: T) => string,
  limits: { fallback: number; max: number },
  position?: (id: string) => number | undefined,
): T[] {
  const q = query(request);
  const limit = intParam(q.limit, limits.fallback, limits.max);
  let start = 0;
  if (q.after) {
    const after = q.after;
    const at = position?.(after) ?? items.findIndex((t) => idOf(t) === after);
    start = at < 0 ? items.length : at + 1;
  }
  const page = items.slice(start, start + limit);
  let next: URL | null = null;
  if (start + limit < items.length && page.length > 0) {
    next = new URL(request.url, s.base);
    next.searchParams.set('after', idOf(page[page.length - 1]));
    next.searchParams.set('limit', String(limit));
  }
  setLinks(s, request, reply, next);
  return page;
}
