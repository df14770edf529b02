import type { FastifyInstance } from 'fastify';
import { notFound, params } from '../http.js';
import type { EmulatorState } from '../state.js';

/** SSWS API tokens: the whole list in one array (the API has no paging), and one token by id. */
export function registerApiTokenRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/api/v1/api-tokens', async () => s.data.apiTokens.map((t) => s.render.apiToken(t)));
  app.get('/api/v1/api-tokens/:apiTokenId', async (request, reply) => {
    const t = s.tokens.get(params(request).apiTokenId);
    return t ? s.render.apiToken(t) : notFound(reply, params(request).apiTokenId, 'ApiToken');
  });
}
