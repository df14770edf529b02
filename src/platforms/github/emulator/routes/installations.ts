import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/installations and GET /apps/{app_slug}. */
export function registerInstallationRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/installations', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    const { body, total } = paged(s, request, reply, s.data.installations, (i) => s.render.installation(i));
    return { total_count: total, installations: body };
  });
  app.get('/apps/:app_slug', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const a = s.appsBySlug.get((request.params as { app_slug: string }).app_slug);
    return a ? s.render.app(a) : notFound(reply);
  });
}
