import type { FastifyInstance } from 'fastify';
import { type GraphVersion, type Served, sendPage } from '../served.js';
import { asIs } from '../views.js';

/**
 * GET /identityProtection/riskyServicePrincipals (v1.0 and beta): the service principals Identity Protection rated,
 * with `$select` and `$filter` (`riskLevel eq 'high'`). Tenants without Workload ID Premium are refused by an
 * endpoint fault, as Graph refuses them.
 */
export function identityProtectionRoutes(app: FastifyInstance, s: Served, v: GraphVersion): void {
  app.get(`/${v}/identityProtection/riskyServicePrincipals`, async (req, reply) =>
    sendPage(
      s,
      req,
      reply,
      v,
      'identityProtection/riskyServicePrincipals',
      s.tenant.data.riskyServicePrincipals ?? [],
      asIs,
    ),
  );
}
