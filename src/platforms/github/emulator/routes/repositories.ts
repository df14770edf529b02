import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/repos. */
export function registerRepositoryRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/repos', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return paged(s, request, reply, s.data.repos, (r) => s.render.repository(r)).body;
  });
}
