import type { FastifyInstance } from 'fastify';
import { notFound, params, setLinks } from '../http.js';
import type { EmulatorState } from '../state.js';

/** Log streams (System Log forwarding to a SIEM): the emulated org has none configured. */
export function registerLogStreamRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/api/v1/logStreams', async (request, reply) => {
    setLinks(s, request, reply, null);
    return [];
  });
  app.get('/api/v1/logStreams/:logStreamId', async (request, reply) =>
    notFound(reply, params(request).logStreamId, 'LogStream'),
  );
}
