import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/members (with name/email, as GitHub shows them for verified-domain emails). */
export function registerMemberRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/members', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return paged(s, request, reply, s.data.members, (m) => s.render.user(m, true)).body;
  });
}
