import type { FastifyInstance } from 'fastify';
import { graphError } from '../graph-errors.js';
import { type Served, sendPage } from '../served.js';
import { asIs } from '../views.js';

/** Sign-in activity per service principal is a beta report only; v1.0 answers as Graph does. */
export function reportRoutes(app: FastifyInstance, s: Served): void {
  app.get('/beta/reports/servicePrincipalSignInActivities', async (req, reply) =>
    sendPage(s, req, reply, 'beta', 'reports/servicePrincipalSignInActivities', s.tenant.data.signInActivities, asIs),
  );
  app.get('/v1.0/reports/servicePrincipalSignInActivities', async (req, reply) =>
    graphError(req, reply, 400, 'BadRequest', "Resource not found for the segment 'servicePrincipalSignInActivities'."),
  );
}
