import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphError, notFound } from '../graph-errors.js';
import {
  contextUrl,
  countRoute,
  type GraphVersion,
  queryOf,
  type Served,
  sendPage,
  type ViewFactory,
} from '../served.js';
import { asIs, type TenantViews } from '../views.js';

export type AddPasswordBody = { passwordCredential?: { displayName?: string; endDateTime?: string } };

/** GET/DELETE /applications[/{id}], their owners and federated credentials, addPassword and removePassword. */
export function applicationRoutes(app: FastifyInstance, s: Served, views: TenantViews, v: GraphVersion): void {
  const exists = (req: FastifyRequest, reply: FastifyReply, then: (id: string) => FastifyReply) => {
    const { id } = req.params as { id: string };
    return s.tenant.application(id) ? then(id) : notFound(req, reply, id);
  };
  countRoute(app, v, 'applications', () => s.tenant.data.applications);
  app.get(`/${v}/applications`, async (req, reply) =>
    sendPage(s, req, reply, v, 'applications', s.tenant.data.applications, views.application as ViewFactory),
  );
  app.get(`/${v}/applications/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const a = s.tenant.application(id);
    return a
      ? reply.send({
          '@odata.context': contextUrl(s, v, 'applications/$entity'),
          ...views.application(queryOf(req))(a),
        })
      : notFound(req, reply, id);
  });
  app.get(`/${v}/applications/:id/owners`, async (req, reply) =>
    exists(req, reply, (id) => sendPage(s, req, reply, v, 'directoryObjects', views.owners(id), asIs)),
  );
  app.get(`/${v}/applications/:id/federatedIdentityCredentials`, async (req, reply) =>
    exists(req, reply, (id) =>
      sendPage(
        s,
        req,
        reply,
        v,
        `applications('${id}')/federatedIdentityCredentials`,
        s.tenant.data.federatedIdentityCredentials[id] ?? [],
        asIs,
      ),
    ),
  );
  app.post(`/${v}/applications/:id/addPassword`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as AddPasswordBody;
    const created = s.tenant.addPassword(
      id,
      body.passwordCredential?.displayName ?? null,
      s.now(),
      body.passwordCredential?.endDateTime,
    );
    return created
      ? reply.send({ '@odata.context': contextUrl(s, v, 'microsoft.graph.passwordCredential'), ...created })
      : notFound(req, reply, id);
  });
  app.post(`/${v}/applications/:id/removePassword`, async (req, reply) =>
    exists(req, reply, (id) => {
      const keyId = ((req.body ?? {}) as { keyId?: string }).keyId ?? '';
      return s.tenant.removePassword(id, keyId)
        ? reply.code(204).send()
        : graphError(req, reply, 400, 'Request_BadRequest', `No password credential found with keyId '${keyId}'.`);
    }),
  );
  app.delete(`/${v}/applications/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    return s.tenant.deleteApplication(id) ? reply.code(204).send() : notFound(req, reply, id);
  });
}
