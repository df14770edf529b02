import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OktaApiServiceData } from '../../estate/types.js';
import { cursorPage, notFound, params } from '../http.js';
import type { EmulatorState } from '../state.js';

function serviceOf(s: EmulatorState, request: FastifyRequest, reply: FastifyReply): OktaApiServiceData | undefined {
  const id = params(request).apiServiceId;
  const x = s.services.get(id);
  if (!x) notFound(reply, id, 'APIServiceIntegrationInstance');
  return x;
}

/** OIN API service integrations (paged by `after`, 20 a page) and their client secrets. */
export function registerApiServiceRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/integrations/api/v1/api-services', async (request, reply) =>
    cursorPage(s, request, reply, s.data.apiServices, (x) => x.id, { fallback: 20, max: 20 }).map((x) =>
      s.render.apiService(x),
    ),
  );
  app.get('/integrations/api/v1/api-services/:apiServiceId', async (request, reply) => {
    const x = serviceOf(s, request, reply);
    return x ? s.render.apiService(x) : reply;
  });
  app.get('/integrations/api/v1/api-services/:apiServiceId/credentials/secrets', async (request, reply) => {
    const x = serviceOf(s, request, reply);
    const path = `/integrations/api/v1/api-services/${x?.id}/credentials/secrets`;
    return x ? x.secrets.map((y) => s.render.secret(path, y)) : reply;
  });
}
