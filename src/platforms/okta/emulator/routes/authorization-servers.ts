import type { FastifyInstance } from 'fastify';
import { notFound, params } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * The org's `default` custom authorization server: its signing key, and (empty) client and refresh-token lists —
 * the emulated org keeps no refresh tokens. Other authorization server ids are Okta's 404.
 */
export function registerAuthorizationServerRoutes(app: FastifyInstance, s: EmulatorState): void {
  const key = {
    kid: 'default-signing-key',
    created: '2024-01-01T00:00:00Z',
    lastUpdated: '2024-01-01T00:00:00Z',
    expiresAt: '2030-01-01T00:00:00Z',
    x5c: '',
  };
  const known = (id: string) => id === 'default';
  app.get('/api/v1/authorizationServers/:authServerId/credentials/keys', async (request, reply) => {
    const id = params(request).authServerId;
    if (!known(id)) return notFound(reply, id, 'AuthorizationServer');
    return [{ ...s.render.appKey(key), alg: 'RS256', status: 'ACTIVE' }];
  });
  for (const path of [
    '/api/v1/authorizationServers/:authServerId/clients',
    '/api/v1/authorizationServers/:authServerId/clients/:clientId/tokens',
  ])
    app.get(path, async (request, reply) => {
      const id = params(request).authServerId;
      return known(id) ? [] : notFound(reply, id, 'AuthorizationServer');
    });
}
