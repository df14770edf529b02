import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody, guard, notFound, orgOk, paged } from '../http.js';
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

/** GET /orgs/{org}/personal-access-tokens and /personal-access-token-requests. */
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
}
