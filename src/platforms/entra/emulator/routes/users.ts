import type { FastifyInstance } from 'fastify';
import { notFound } from '../graph-errors.js';
import {
  contextUrl,
  countRoute,
  type GraphVersion,
  queryOf,
  type Served,
  sendPage,
  type ViewFactory,
} from '../served.js';
import { type TenantViews, userRef } from '../views.js';

/** GET /users, /users/{id}, /users/{id}/manager. */
export function userRoutes(app: FastifyInstance, s: Served, views: TenantViews, v: GraphVersion): void {
  countRoute(app, v, 'users', () => s.tenant.data.users);
  app.get(`/${v}/users`, async (req, reply) =>
    sendPage(s, req, reply, v, 'users', s.tenant.data.users, views.user as ViewFactory),
  );
  app.get(`/${v}/users/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const u = s.tenant.user(id);
    return u
      ? reply.send({ '@odata.context': contextUrl(s, v, 'users/$entity'), ...views.user(queryOf(req))(u) })
      : notFound(req, reply, id);
  });
  app.get(`/${v}/users/:id/manager`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const m = views.manager(id);
    return m ? reply.send(userRef(m)) : notFound(req, reply, id);
  });
}
