import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/hooks and GET /repos/{owner}/{repo}/hooks. */
export function registerHookRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/hooks', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return paged(s, request, reply, s.data.orgHooks, (h) => s.render.orgHook(h)).body;
  });
  app.get('/repos/:owner/:repo/hooks', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    return paged(s, request, reply, repo.hooks, (h) => s.render.repoHook(repo, h)).body;
  });
}
