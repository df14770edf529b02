import type { FastifyInstance } from 'fastify';
import { fail } from '../http.js';
import type { EmulatorState } from '../state.js';
import { method } from './method.js';

/** team.integrationLogs: `page` (from 1) and `count` (default 100, at most 1000) paging with a `paging` object. */
export function registerIntegrationLogRoutes(app: FastifyInstance, s: EmulatorState): void {
  method(app, 'team.integrationLogs', (args, reply) => {
    const count = Math.min(1000, Number(args.get('count') ?? '') || 100);
    const pageNo = Number(args.get('page') ?? '1') || 1;
    if (pageNo < 1 || count < 1) return fail(reply, 'invalid_arguments');
    const logs = s.data.integrationLogs;
    const pages = Math.max(1, Math.ceil(logs.length / count));
    return reply.send({
      ok: true,
      logs: logs.slice((pageNo - 1) * count, pageNo * count),
      paging: { count, total: logs.length, page: pageNo, pages },
    });
  });
}
