import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/actions/secrets and GET /repos/{owner}/{repo}/actions/secrets ({total_count, secrets}). */
export function registerSecretRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/actions/secrets', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    const { body, total } = paged(s, request, reply, s.data.orgSecrets, (x) => s.render.orgSecret(x));
    return { total_count: total, secrets: body };
  });
  app.get('/repos/:owner/:repo/actions/secrets', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    const { body, total } = paged(s, request, reply, repo.secrets, (x) => s.render.repoSecret(x));
    return { total_count: total, secrets: body };
  });
}
