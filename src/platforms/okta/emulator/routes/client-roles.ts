import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OktaRoleData } from '../../estate/types.js';
import { notFound, params } from '../http.js';
import type { EmulatorState } from '../state.js';

/** Roles of an OAuth client: an OIDC app's or an API service integration's (client id = its id). */
function rolesOf(s: EmulatorState, request: FastifyRequest, reply: FastifyReply): OktaRoleData[] | undefined {
  const id = params(request).clientId;
  const a = s.apps.get(id);
  if (a?.oauthClient) return a.roles;
  if (s.services.has(id)) return [];
  notFound(reply, id, 'OAuth2Client');
  return undefined;
}

/** Admin roles assigned to a client app (`/oauth2/v1/clients/{clientId}/roles`). */
export function registerClientRoleRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/oauth2/v1/clients/:clientId/roles', async (request, reply) => {
    const roles = rolesOf(s, request, reply);
    const clientId = params(request).clientId;
    return roles ? roles.map((r) => s.render.role(r, { kind: 'CLIENT', id: clientId })) : reply;
  });
  app.get('/oauth2/v1/clients/:clientId/roles/:roleAssignmentId', async (request, reply) => {
    const roles = rolesOf(s, request, reply);
    if (!roles) return reply;
    const { clientId, roleAssignmentId } = params(request);
    const r = roles.find((x) => x.id === roleAssignmentId);
    return r ? s.render.role(r, { kind: 'CLIENT', id: clientId }) : notFound(reply, roleAssignmentId, 'RoleAssignment');
  });
}
