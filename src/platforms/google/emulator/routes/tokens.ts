import type { FastifyInstance } from 'fastify';
import { googleError } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * Directory tokens.list and tokens.get: {userKey} is the user's id or primary email, percent-encoded by the SDK
 * (Fastify decodes path parameters); tokens.list is unpaged and has no times; an unknown user is 404.
 */
export function registerTokenRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get<{ Params: { userKey: string } }>('/admin/directory/v1/users/:userKey/tokens', async (request, reply) => {
    const user = s.users.get(request.params.userKey.toLowerCase()) ?? s.users.get(request.params.userKey);
    if (!user?.id) return googleError(reply, 404, 'notFound', 'Resource Not Found: userKey');
    return reply.send({
      kind: 'admin#directory#tokenList',
      etag: `"tokens-${user.id}"`,
      items: s.data.tokens[user.id] ?? [],
    });
  });
  app.get<{ Params: { userKey: string; clientId: string } }>(
    '/admin/directory/v1/users/:userKey/tokens/:clientId',
    async (request, reply) => {
      const user = s.users.get(request.params.userKey.toLowerCase()) ?? s.users.get(request.params.userKey);
      const token = user?.id ? s.data.tokens[user.id]?.find((t) => t.clientId === request.params.clientId) : undefined;
      if (!token) return googleError(reply, 404, 'notFound', 'Resource Not Found: clientId');
      return reply.send(token);
    },
  );
}
