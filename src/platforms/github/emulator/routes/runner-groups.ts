import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/actions/runner-groups: `{total_count, runner_groups}`, paged like every GitHub list. */
export function registerRunnerGroupRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/actions/runner-groups', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    const { body, total } = paged(s, request, reply, s.data.runnerGroups, (g) => s.render.runnerGroup(g));
    return { total_count: total, runner_groups: body };
  });
}
