import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GhEnterpriseData } from '../../estate/types.js';
import { auditLog } from '../audit-log.js';
import { runnersOf } from '../derived.js';
import { guard, notFound, orgOk, paged } from '../http.js';
import { enterpriseOrgInstallation, installationRepos } from '../render-extra.js';
import type { EmulatorState } from '../state.js';

const enterpriseOf = (s: EmulatorState, request: FastifyRequest): GhEnterpriseData | undefined => {
  const slug = (request.params as { enterprise: string }).enterprise.toLowerCase();
  return s.data.enterprise?.slug === slug ? s.data.enterprise : undefined;
};

/**
 * The enterprise that owns the org: GET /enterprises/{e}/actions/runners (runners of the groups the org inherits),
 * /enterprises/{e}/audit-log (the org's events, the enterprise having one org), and the enterprise's view of the
 * App installations on its org: /enterprises/{e}/apps/organizations/{org}/installations[/{id}/repositories].
 */
export function registerEnterpriseRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/enterprises/:enterprise/actions/runners', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!enterpriseOf(s, request)) return notFound(reply);
    const { body, total } = paged(s, request, reply, runnersOf(s.data, true), (r) => r);
    return { total_count: total, runners: body };
  });
  app.get('/enterprises/:enterprise/audit-log', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const e = enterpriseOf(s, request);
    if (!e) return notFound(reply);
    return paged(s, request, reply, auditLog(s.data), (ev) => ({ ...ev, business: e.slug, business_id: e.id })).body;
  });
  app.get('/enterprises/:enterprise/apps/organizations/:org/installations', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const e = enterpriseOf(s, request);
    if (!e || !orgOk(s, request)) return notFound(reply);
    return paged(s, request, reply, s.data.installations, (i) => enterpriseOrgInstallation(s, e, i)).body;
  });
  app.get(
    '/enterprises/:enterprise/apps/organizations/:org/installations/:installation_id/repositories',
    async (request, reply) => {
      if (!guard(s, request, reply)) return reply;
      const id = Number((request.params as { installation_id: string }).installation_id);
      const inst = s.data.installations.find((i) => i.id === id);
      if (!enterpriseOf(s, request) || !orgOk(s, request) || !inst) return notFound(reply);
      return paged(s, request, reply, installationRepos(s, inst), (r) => ({
        id: r.id,
        name: r.name,
        full_name: `${s.org}/${r.name}`,
      })).body;
    },
  );
}
