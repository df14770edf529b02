import type { FastifyInstance } from 'fastify';
import { notFound, params } from '../http.js';
import type { EmulatorState } from '../state.js';
import { appOf } from './apps.js';

/** Okta API scope grants of an app (all statuses, in the order they were made); `expand=scope` is always embedded. */
export function registerGrantRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/api/v1/apps/:appId/grants', async (request, reply) => {
    const a = appOf(s, request, reply);
    return a ? a.grants.map((g) => s.render.grant(a, g)) : reply;
  });
  app.get('/api/v1/apps/:appId/grants/:grantId', async (request, reply) => {
    const a = appOf(s, request, reply);
    if (!a) return reply;
    const g = a.grants.find((x) => x.id === params(request).grantId);
    return g ? s.render.grant(a, g) : notFound(reply, params(request).grantId, 'OAuth2ScopeConsentGrant');
  });
}
