import type { FastifyInstance } from 'fastify';
import { guard, notFound, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /repos/{owner}/{repo}/keys and /repos/{owner}/{repo}/keys/{key_id}; DELETE a key (204, as GitHub answers). */
export function registerDeployKeyRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/repos/:owner/:repo/keys', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    return paged(s, request, reply, repo.keys, (k) => s.render.deployKey(repo, k)).body;
  });
  app.get('/repos/:owner/:repo/keys/:key_id', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    const id = Number((request.params as { key_id: string }).key_id);
    const key = repo?.keys.find((k) => k.id === id);
    return repo && key ? s.render.deployKey(repo, key) : notFound(reply);
  });
  app.delete('/repos/:owner/:repo/keys/:key_id', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    const id = Number((request.params as { key_id: string }).key_id);
    const index = repo ? repo.keys.findIndex((k) => k.id === id) : -1;
    if (!repo || index < 0) return notFound(reply);
    repo.keys.splice(index, 1);
    return reply.code(204).send();
  });
}
