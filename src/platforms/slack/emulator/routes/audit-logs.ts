import type { FastifyInstance } from 'fastify';
import { cursorOf, fail, limitOf, offsetOf } from '../http.js';
import type { EmulatorState } from '../state.js';

type Entry = { action?: unknown; date_create?: unknown };

/**
 * The Audit Logs API, GET /audit/v1/logs (Enterprise Grid only): `action` (comma-separated), `oldest` and `latest`
 * (epoch seconds, inclusive), `limit` (default 100, at most 9999) and `cursor`; `{ entries, response_metadata: {
 * next_cursor } }`, newest first. The entries are read at each request (planted ones pushed later appear).
 */
export function registerAuditLogRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/audit/v1/logs', async (request, reply) => {
    if (!s.data.enterpriseId) return fail(reply, 'not_allowed_token_type');
    const args = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const actions = args.get('action')?.split(',').filter(Boolean);
    const oldest = Number(args.get('oldest') ?? Number.NEGATIVE_INFINITY);
    const latest = Number(args.get('latest') ?? Number.POSITIVE_INFINITY);
    if (Number.isNaN(oldest) || Number.isNaN(latest)) return fail(reply, 'invalid_arguments');
    const entries = (s.data.auditLogs as readonly Entry[])
      .filter((e) => !actions?.length || actions.includes(String(e.action)))
      .filter((e) => typeof e.date_create !== 'number' || (e.date_create >= oldest && e.date_create <= latest))
      .sort((a, b) => Number(b.date_create) - Number(a.date_create));
    const offset = offsetOf('audit', args.get('cursor'));
    if (offset === null) return fail(reply, 'invalid_cursor');
    const end = offset + limitOf(args, 100, 9999);
    return reply.send({
      ok: true,
      entries: entries.slice(offset, end),
      response_metadata: { next_cursor: end < entries.length ? cursorOf('audit', end) : '' },
    });
  });
}
