import type { FastifyInstance } from 'fastify';
import { cursorOf, fail, limitOf, offsetOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * The Audit Logs API, GET /audit/v1/logs (Enterprise Grid only): `action` (comma-separated), `limit` (default 100,
 * at most 9999) and `cursor`; `{ entries, response_metadata: { next_cursor } }`, newest first.
 */
export function registerAuditLogRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/audit/v1/logs', async (request, reply) => {
    if (!s.data.enterpriseId) return fail(reply, 'not_allowed_token_type');
    const args = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const actions = args.get('action')?.split(',').filter(Boolean);
    const entries = actions ? s.data.auditLogs.filter((e) => actions.includes(e.action)) : s.data.auditLogs;
    const offset = offsetOf('audit', args.get('cursor'));
    if (offset === null) return fail(reply, 'invalid_cursor');
    const end = offset + limitOf(args, 100, 9999);
    return reply.send({
      entries: entries.slice(offset, end),
      response_metadata: { next_cursor: end < entries.length ? cursorOf('audit', end) : '' },
    });
  });
}
