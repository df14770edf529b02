import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Okta's per-endpoint-family limits per minute (org-wide defaults of a paid org, from developer.okta.com rate-limit
 * pages), reported in X-Rate-Limit-Limit/-Remaining/-Reset (epoch seconds) on every answer. The window never runs
 * out by itself (a full scan would only slow down); throttling comes from the fault injection.
 */
const FAMILIES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^\/api\/v1\/logs/, 120],
  [/^\/api\/v1\/apps/, 100],
  [/^\/api\/v1\/users/, 600],
  [/^\/api\/v1\/api-tokens/, 600],
  [/^\/oauth2\/v1\/clients/, 600],
  [/^\/integrations\//, 600],
];
const DEFAULT_LIMIT = 1200;

export class RateLimits {
  private readonly windows = new Map<string, { used: number; reset: number }>();

  family(path: string): { key: string; limit: number } {
    for (const [re, limit] of FAMILIES) if (re.test(path)) return { key: re.source, limit };
    return { key: 'default', limit: DEFAULT_LIMIT };
  }

  /** Counts the request and sets the three headers. */
  headers(request: FastifyRequest, reply: FastifyReply): void {
    const { key, limit } = this.family(request.url.split('?')[0]);
    const nowS = Math.floor(Date.now() / 1000);
    let w = this.windows.get(key);
    if (!w || w.reset <= nowS) {
      w = { used: 0, reset: nowS + 60 };
      this.windows.set(key, w);
    }
    w.used = Math.min(limit - 1, w.used + 1);
    reply.header('x-rate-limit-limit', String(limit));
    reply.header('x-rate-limit-remaining', String(limit - w.used));
    reply.header('x-rate-limit-reset', String(w.reset));
  }
}
