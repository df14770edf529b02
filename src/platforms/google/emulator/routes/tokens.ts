import type { FastifyInstance } from 'fastify';
import { googleError } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * Directory tokens.list, tokens.get and tokens.delete (204, no body; the user must consent again): {userKey} is the user's id or primary email, percent-encoded by the SDK
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
  app.delete<{ Params: { userKey: string; clientId: string } }>(
    '/admin/directory/v1/users/:userKey/tokens/:clientId',
    async (request, reply) => {
      const user = s.users.get(request.params.userKey.toLowerCase()) ?? s.users.get(request.params.userKey);
      const tokens = user?.id ? s.data.tokens[user.id] : undefined;
      const at = tokens?.findIndex((t) => t.clientId === request.params.clientId) ?? -1;
      if (!tokens || at < 0) return googleError(reply, 404, 'notFound', 'Resource Not Found: clientId');
      tokens.splice(at, 1);
      return reply.code(204).send();
    },
  );
}
