import type { FastifyInstance } from 'fastify';
import { googleError, page, queryOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/** Directory users.list: `customer` (my_customer or the id), maxResults default 100 and at most 500, nextPageToken. */
export function registerUserRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/admin/directory/v1/users', async (request, reply) => {
    const customer = queryOf(request, 'customer');
    if (!customer && !queryOf(request, 'domain')) return googleError(reply, 400, 'badRequest', 'Bad Request');
    if (customer && customer !== 'my_customer' && customer !== s.data.customerId)
      return googleError(reply, 404, 'notFound', 'Resource Not Found: customer');
    return page(
      request,
      reply,
      {
        kind: 'users',
        key: 'users',
        sizeParam: 'maxResults',
        fallback: 100,
        max: 500,
        extra: { kind: 'admin#directory#users', etag: `"users-${s.data.users.length}"` },
      },
      s.data.users,
    );
  });
}
