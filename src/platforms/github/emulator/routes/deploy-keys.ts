import type { FastifyInstance } from 'fastify';
import { guard, notFound, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /repos/{owner}/{repo}/keys. */
export function registerDeployKeyRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/repos/:owner/:repo/keys', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    return paged(s, request, reply, repo.keys, (k) => s.render.deployKey(repo, k)).body;
  });
}
