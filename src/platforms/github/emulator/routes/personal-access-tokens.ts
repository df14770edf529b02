import type { FastifyInstance, FastifyReply } from 'fastify';
import { patRepositories } from '../derived.js';
import { errorBody, guard, notFound, orgOk, paged } from '../http.js';
import { fullRepository } from '../render-extra.js';
import type { Caller } from '../rate-limits.js';
import type { EmulatorState } from '../state.js';

/** github.com answers the fine-grained PAT lists only to GitHub Apps; `patListsForTokens` relaxes that. */
function patGuard(s: EmulatorState, caller: Caller, reply: FastifyReply): boolean {
  if (caller.kind === 'installation' || s.patListsForTokens) return true;
  reply
    .code(403)
    .send(
      errorBody(
        'Resource not accessible by personal access token',
        403,
        'https://docs.github.com/rest/orgs/personal-access-tokens',
      ),
    );
  return false;
}

/**
 * GET /orgs/{org}/personal-access-tokens and /personal-access-token-requests, and the repositories of one grant
 * (/personal-access-tokens/{pat_id}/repositories) or request (/personal-access-token-requests/{pat_request_id}/repositories).
 */
export function registerPersonalAccessTokenRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/personal-access-tokens', async (request, reply) => {
    const caller = guard(s, request, reply);
    if (!caller) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    if (!patGuard(s, caller, reply)) return reply;
    return paged(s, request, reply, s.data.patGrants, (g) => s.render.patGrant(g)).body;
  });
  app.get('/orgs/:org/personal-access-token-requests', async (request, reply) => {
    const caller = guard(s, request, reply);
    if (!caller) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    if (!patGuard(s, caller, reply)) return reply;
    return paged(s, request, reply, s.data.patRequests, (r) => s.render.patRequest(r)).body;
  });
  registerPatRepositoryRoutes(app, s);
}

function registerPatRepositoryRoutes(app: FastifyInstance, s: EmulatorState): void {
  const route = (
    path: string,
    param: string,
    find: (id: number) => { id: number; repository_selection: 'none' | 'all' | 'subset' } | undefined,
  ) =>
    app.get(path, async (request, reply) => {
      const caller = guard(s, request, reply);
      if (!caller) return reply;
      const id = Number((request.params as Record<string, string>)[param]);
      const item = orgOk(s, request) ? find(id) : undefined;
      if (!item) return notFound(reply);
      if (!patGuard(s, caller, reply)) return reply;
      const repos = patRepositories(s.data, item.id, item.repository_selection);
      return paged(s, request, reply, repos, (r) => fullRepository(s, r)).body;
    });
  route('/orgs/:org/personal-access-tokens/:pat_id/repositories', 'pat_id', (id) =>
    s.data.patGrants.find((g) => g.id === id),
  );
  route('/orgs/:org/personal-access-token-requests/:pat_request_id/repositories', 'pat_request_id', (id) =>
    s.data.patRequests.find((r) => r.id === id),
  );
}
