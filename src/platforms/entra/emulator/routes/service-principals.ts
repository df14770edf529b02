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
import type { AddPasswordBody } from './applications.js';

/**
 * GET/DELETE /servicePrincipals[/{id}], their owners, app role assignments (held and granted), delegated grants,
 * and addPassword on the service principal itself.
 */
export function servicePrincipalRoutes(app: FastifyInstance, s: Served, views: TenantViews, v: GraphVersion): void {
  const listOf =
    (what: string, items: (id: string) => unknown[]) => async (req: FastifyRequest, reply: FastifyReply) => {
      const { id } = req.params as { id: string };
      return s.tenant.servicePrincipal(id)
        ? sendPage(s, req, reply, v, what, items(id), asIs)
        : notFound(req, reply, id);
    };
  countRoute(app, v, 'servicePrincipals', () => s.tenant.data.servicePrincipals);
  app.get(`/${v}/servicePrincipals`, async (req, reply) =>
    sendPage(
      s,
      req,
      reply,
      v,
      'servicePrincipals',
      s.tenant.data.servicePrincipals,
      views.servicePrincipal as ViewFactory,
    ),
  );
  app.get(`/${v}/servicePrincipals/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const sp = s.tenant.servicePrincipal(id);
    return sp
      ? reply.send({
          '@odata.context': contextUrl(s, v, 'servicePrincipals/$entity'),
          ...views.servicePrincipal(queryOf(req))(sp),
        })
      : notFound(req, reply, id);
  });
  app.get(
    `/${v}/servicePrincipals/:id/owners`,
    listOf('directoryObjects', (id) => views.owners(id)),
  );
  app.get(
    `/${v}/servicePrincipals/:id/appRoleAssignments`,
    listOf('appRoleAssignments', (id) => s.tenant.assignmentsHeldBy(id)),
  );
  app.get(
    `/${v}/servicePrincipals/:id/appRoleAssignedTo`,
    listOf('appRoleAssignments', (id) => s.tenant.assignmentsOn(id)),
  );
  app.get(
    `/${v}/servicePrincipals/:id/oauth2PermissionGrants`,
    listOf('oauth2PermissionGrants', (id) => s.tenant.grantsOfClient(id)),
  );
  servicePrincipalWriteRoutes(app, s, v);
}

/**
 * POST addPassword on the service principal itself, PATCH accountEnabled, DELETE /servicePrincipals/{id}, and app role
 * assignments granted on a resource: POST …/appRoleAssignedTo (201 with the assignment), DELETE …/{assignmentId} (204).
 */
function servicePrincipalWriteRoutes(app: FastifyInstance, s: Served, v: GraphVersion): void {
  // Graph answers a PATCH with 204 No Content; the emulator takes accountEnabled (what the remediation actions set).
  app.patch(`/${v}/servicePrincipals/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as { accountEnabled?: unknown };
    if (typeof body.accountEnabled !== 'boolean')
      return graphError(req, reply, 400, 'Request_BadRequest', 'Invalid value specified for property accountEnabled.');
    return s.tenant.setServicePrincipalEnabled(id, body.accountEnabled)
      ? reply.code(204).send()
      : notFound(req, reply, id);
  });
  app.post(`/${v}/servicePrincipals/:id/addPassword`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as AddPasswordBody;
    const created = s.tenant.addServicePrincipalPassword(
      id,
      body.passwordCredential?.displayName ?? null,
      s.now(),
      body.passwordCredential?.endDateTime,
    );
    return created
      ? reply.send({ '@odata.context': contextUrl(s, v, 'microsoft.graph.passwordCredential'), ...created })
      : notFound(req, reply, id);
  });
  app.post(`/${v}/servicePrincipals/:id/appRoleAssignedTo`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as { principalId?: unknown; resourceId?: unknown; appRoleId?: unknown };
    if (!s.tenant.servicePrincipal(id)) return notFound(req, reply, id);
    if (typeof body.principalId !== 'string' || typeof body.appRoleId !== 'string' || body.resourceId !== id)
      return graphError(
        req,
        reply,
        400,
        'Request_BadRequest',
        'principalId, resourceId (this service principal) and appRoleId are required.',
      );
    const created = s.tenant.addAppRoleAssignment(body.principalId, id, body.appRoleId, s.now());
    if (!created)
      return graphError(
        req,
        reply,
        400,
        'Request_BadRequest',
        `Permission being assigned was not found on application '${id}'.`,
      );
    const assignment = s.tenant.assignmentsOn(id).find((a) => a.id === created);
    return reply.code(201).send({
      '@odata.context': contextUrl(s, v, `servicePrincipals('${id}')/appRoleAssignedTo/$entity`),
      ...assignment,
    });
  });
  app.delete(`/${v}/servicePrincipals/:id/appRoleAssignedTo/:assignmentId`, async (req, reply) => {
    const { id, assignmentId } = req.params as { id: string; assignmentId: string };
    return s.tenant.removeAppRoleAssignment(id, assignmentId)
      ? reply.code(204).send()
      : notFound(req, reply, assignmentId);
  });
  app.delete(`/${v}/servicePrincipals/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    return s.tenant.deleteServicePrincipal(id) ? reply.code(204).send() : notFound(req, reply, id);
  });
}
