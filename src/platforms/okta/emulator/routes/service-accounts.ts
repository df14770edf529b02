import type { FastifyInstance } from 'fastify';
import { notFound, params, setLinks } from '../http.js';
import type { EmulatorState } from '../state.js';

/** Okta Privileged Access app service accounts: the emulated org does not use Privileged Access, so none. */
export function registerServiceAccountRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/privileged-access/api/v1/service-accounts', async (request, reply) => {
    setLinks(s, request, reply, null);
    return [];
  });
  app.get('/privileged-access/api/v1/service-accounts/:id', async (request, reply) =>
    notFound(reply, params(request).id, 'AppServiceAccount'),
  );
}
