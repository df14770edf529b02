import type { FastifyInstance } from 'fastify';
import { sfError } from '../http.js';
import type { EmulatorState } from '../state.js';

const VERSION = /^v\d{2}\.0$/;

/**
 * GET /services/data/vXX.X/sobjects/EventLogFile/{id}/LogFile (REST API Developer Guide, "Download Large Event Log
 * Files Using cURL with REST"): the file's CSV as `text/csv`; an unknown id, or an org without Event Monitoring, is
 * 404 NOT_FOUND. The EventLogFile rows themselves are answered by the query route (`tableOf`).
 */
export function registerEventLogFileRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/services/data/:version/sobjects/EventLogFile/:id/LogFile', async (request, reply) => {
    const { version, id } = request.params as { version: string; id: string };
    const file = VERSION.test(version) ? s.eventLogFiles?.find((f) => f.Id === id) : undefined;
    if (!file) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return reply.type('text/csv').send(file.csv);
  });
}
