import type { FastifyInstance } from 'fastify';
import { notFound } from '../graph-errors.js';
import { contextUrl, type GraphVersion, type Served, sendPage } from '../served.js';
import { asIs } from '../views.js';

/** GET /oauth2PermissionGrants and /oauth2PermissionGrants/{id}. */
export function grantRoutes(app: FastifyInstance, s: Served, v: GraphVersion): void {
  app.get(`/${v}/oauth2PermissionGrants`, async (req, reply) =>
    sendPage(s, req, reply, v, 'oauth2PermissionGrants', s.tenant.data.oauth2PermissionGrants, asIs),
  );
  app.get(`/${v}/oauth2PermissionGrants/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const g = s.tenant.grant(id);
    return g
      ? reply.send({ '@odata.context': contextUrl(s, v, 'oauth2PermissionGrants/$entity'), ...g })
      : notFound(req, reply, id);
  });
}
