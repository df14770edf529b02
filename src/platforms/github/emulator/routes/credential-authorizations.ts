import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, paged } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /orgs/{org}/credential-authorizations (GHEC only: 404 when `ghec` is false), optional `login` filter. */
export function registerCredentialAuthorizationRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/credential-authorizations', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request) || !s.ghec) return notFound(reply);
    const login = (request.query as { login?: string }).login;
    const all = s.data.credentialAuthorizations;
    const items = login ? all.filter((c) => c.login === login) : all;
    return paged(s, request, reply, items, (c) => s.render.credentialAuthorization(c)).body;
  });
}
