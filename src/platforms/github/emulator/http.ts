import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GhRepoData } from '../estate/types.js';
import { endpointMatches } from '../../../emulation/kit/faults.js';
import { intParam, linkHeader, pageSlice } from '../../../emulation/kit/index.js';
import type { Caller } from './rate-limits.js';
import type { EmulatorState } from './state.js';

export const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: `{message, documentation_url, status}` (status as a string). */
export function errorBody(message: string, status: number, doc = DOCS) {
  return { message, documentation_url: doc, status: String(status) };
}

export const notFound = (reply: FastifyReply) => reply.code(404).send(errorBody('Not Found', 404));

/** The caller of a request: `jwt` for an App JWT (valid on /app endpoints only), null when unknown. */
export function identify(s: EmulatorState, request: FastifyRequest): Caller | 'jwt' | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^(token|bearer)\s+(\S+)$/i.exec(h.trim());
  if (!m) return null;
  const value = m[2];
  if (value.split('.').length === 3) return 'jwt';
  if (value === s.ownerToken) return { kind: 'owner', key: 'owner', limit: 5000 };
  const exp = s.installationTokens.get(value);
  if (exp !== undefined && exp > Date.now()) return { kind: 'installation', key: value, limit: 15000 };
  return null;
}

/** Auth + rate headers; returns the caller, or sends 401 and returns null. */
export function guard(s: EmulatorState, request: FastifyRequest, reply: FastifyReply, count = true): Caller | null {
  const who = identify(s, request);
  if (!who || who === 'jwt') {
    s.rates.headers(reply, null, false);
    reply
      .code(401)
      .send(errorBody(who === 'jwt' ? 'A JSON web token is only valid on /app endpoints' : 'Bad credentials', 401));
    return null;
  }
  s.rates.headers(reply, who, count);
  return who;
}

/** One page of `items` (`page`, `per_page` ≤ 100) with GitHub's absolute Link header. */
export function paged<T>(
  s: EmulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  map: (t: T) => unknown,
): { body: unknown[]; total: number } {
  const q = request.query as Record<string, string | undefined>;
  const perPage = intParam(q.per_page, 30, 100);
  const page = intParam(q.page, 1, Number.MAX_SAFE_INTEGER);
  const { items: slice, lastPage } = pageSlice(items, page, perPage);
  const link = linkHeader(new URL(request.url, s.base), page, lastPage);
  if (link) reply.header('link', link);
  return { body: slice.map(map), total: items.length };
}

export const orgOk = (s: EmulatorState, request: FastifyRequest): boolean =>
  String((request.params as { org?: string }).org ?? '').toLowerCase() === s.org.toLowerCase();

export function repoOf(s: EmulatorState, request: FastifyRequest): GhRepoData | undefined {
  const p = request.params as { owner: string; repo: string };
  if (p.owner.toLowerCase() !== s.org.toLowerCase()) return undefined;
  return s.reposByName.get(p.repo.toLowerCase());
}

/** Whether SAML SSO refuses this request: the owner's classic token on an endpoint the org enforces SSO for. */
export function ssoRequired(s: EmulatorState, request: FastifyRequest): boolean {
  const who = identify(s, request);
  if (!who || who === 'jwt' || who.kind !== 'owner') return false;
  const path = request.url.split('?')[0];
  return s.ssoEndpoints.some((e) => endpointMatches(e, request.method, path, undefined));
}

/** GitHub's answer to a token not authorized for the org's SAML SSO: 403 and the `X-GitHub-SSO` header to authorize it. */
export function ssoRefusal(s: EmulatorState, reply: FastifyReply) {
  const request = Buffer.from(`sso:${s.org}`).toString('hex');
  reply.header('x-github-sso', `required; url=https://github.com/orgs/${s.org}/sso?authorization_request=${request}`);
  s.rates.headers(reply, { kind: 'owner', key: 'owner', limit: 5000 }, true);
  return reply
    .code(403)
    .send(
      errorBody(
        'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
        403,
        'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
      ),
    );
}

/**
 * GitHub's conditional requests: every 200 GET carries a weak ETag of its body; a request whose If-None-Match names
 * it gets 304 Not Modified with no body, and is not counted against the caller's rate limit
 * (docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 */
export function conditionalAnswer(s: EmulatorState, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
  const etag = `W/"${createHash('sha256').update(payload).digest('hex')}"`;
  reply.header('etag', etag);
  const asked = request.headers['if-none-match'];
  if (!asked?.split(',').some((tag) => tag.trim() === etag)) return payload;
  const who = identify(s, request);
  if (who && who !== 'jwt') {
    s.rates.refund(reply, who);
    s.rates.headers(reply, who, false);
  }
  reply.code(304);
  return '';
}
