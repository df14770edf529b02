import type { FastifyInstance } from 'fastify';
import { runnersOf } from '../derived.js';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * Self-hosted runners (`runner` objects, derived per runner group): GET /orgs/{org}/actions/runners (those of the
 * org's own groups), /orgs/{org}/actions/runners/{runner_id}, /repos/{o}/{r}/actions/runners (the estate registers
 * no repository-level runner: an empty list).
 */
export function registerRunnerRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/actions/runners', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    const { body, total } = paged(s, request, reply, runnersOf(s.data, false), (r) => r);
    return { total_count: total, runners: body };
  });
  app.get('/orgs/:org/actions/runners/:runner_id', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const id = Number((request.params as { runner_id: string }).runner_id);
    const runner = orgOk(s, request) ? runnersOf(s.data, false).find((r) => r.id === id) : undefined;
    return runner ?? notFound(reply);
  });
  app.get('/repos/:owner/:repo/actions/runners', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!repoOf(s, request)) return notFound(reply);
    const { body, total } = paged(s, request, reply, [] as unknown[], (r) => r);
    return { total_count: total, runners: body };
  });
}
