import type { FastifyInstance } from 'fastify';
import { notFound } from '../graph-errors.js';
import { contextUrl, type GraphVersion, queryOf, type Served, sendPage } from '../served.js';
import { asIs } from '../views.js';
import { project } from '../odata.js';

const BASE = 'roleManagement/directory';

/**
 * GET /roleManagement/directory/roleAssignments[/{id}] (every active assignment, users' included; `$filter` on
 * principalId or roleDefinitionId, `$select`) and /roleDefinitions[/{id}] (the tenant's roles).
 */
export function roleManagementRoutes(app: FastifyInstance, s: Served, v: GraphVersion): void {
  app.get(`/${v}/${BASE}/roleAssignments`, async (req, reply) =>
    sendPage(s, req, reply, v, `${BASE}/roleAssignments`, s.tenant.data.roleAssignments, asIs),
  );
  app.get(`/${v}/${BASE}/roleAssignments/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const a = s.tenant.roleAssignment(id);
    return a
      ? reply.send({
          '@odata.context': contextUrl(s, v, `${BASE}/roleAssignments/$entity`),
          ...project(a, queryOf(req).select),
        })
      : notFound(req, reply, id);
  });
  app.get(`/${v}/${BASE}/roleDefinitions`, async (req, reply) =>
    sendPage(s, req, reply, v, `${BASE}/roleDefinitions`, s.tenant.data.roleDefinitions, asIs),
  );
  app.get(`/${v}/${BASE}/roleDefinitions/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const d = s.tenant.roleDefinition(id);
    return d
      ? reply.send({
          '@odata.context': contextUrl(s, v, `${BASE}/roleDefinitions/$entity`),
          ...project(d, queryOf(req).select),
        })
      : notFound(req, reply, id);
  });
}
