import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphServicePrincipal, GraphUser } from '../../estate/types.js';
import { notFound } from '../graph-errors.js';
import { EXPAND_ITEM_CAP, type ODataQuery, project } from '../odata.js';
import { contextUrl, type GraphVersion, queryOf, type Served, sendPage, type ViewFactory } from '../served.js';
import { asIs, userRef } from '../views.js';

const AGENT = 'microsoft.graph.agentIdentity';
const isAgent = (sp: GraphServicePrincipal | undefined): sp is GraphServicePrincipal =>
  sp?.['@odata.type'] === `#${AGENT}`;

/**
 * Entra Agent ID (v1.0 and beta): GET /servicePrincipals/microsoft.graph.agentIdentity (only agent identities, with
 * $select and $expand=sponsors capped at 20 like every expansion), one agent by the same cast (404 for any other
 * kind of service principal, as Graph answers a cast that does not apply), and its sponsors.
 */
export function agentIdentityRoutes(app: FastifyInstance, s: Served, v: GraphVersion): void {
  const sponsors = (id: string) =>
    (s.tenant.data.sponsors?.[id] ?? [])
      .map((u) => s.tenant.user(u))
      .filter((u): u is GraphUser => !!u)
      .map(userRef);
  const view = (q: ODataQuery) => (sp: GraphServicePrincipal) => {
    const out = project(sp, q.select);
    if (q.expand.includes('sponsors')) out.sponsors = sponsors(sp.id).slice(0, EXPAND_ITEM_CAP);
    return out;
  };
  const agentOr404 = (req: FastifyRequest, reply: FastifyReply, then: (sp: GraphServicePrincipal) => unknown) => {
    const { id } = req.params as { id: string };
    const sp = s.tenant.servicePrincipal(id);
    return isAgent(sp) ? then(sp) : notFound(req, reply, id);
  };
  app.get(`/${v}/servicePrincipals/${AGENT}`, async (req, reply) =>
    sendPage(
      s,
      req,
      reply,
      v,
      `servicePrincipals/${AGENT}`,
      s.tenant.data.servicePrincipals.filter(isAgent),
      view as ViewFactory,
    ),
  );
  app.get(`/${v}/servicePrincipals/:id/${AGENT}`, async (req, reply) =>
    agentOr404(req, reply, (sp) =>
      reply.send({
        '@odata.context': contextUrl(s, v, `servicePrincipals/${AGENT}/$entity`),
        ...view(queryOf(req))(sp),
      }),
    ),
  );
  app.get(`/${v}/servicePrincipals/:id/${AGENT}/sponsors`, async (req, reply) =>
    agentOr404(req, reply, (sp) => sendPage(s, req, reply, v, 'directoryObjects', sponsors(sp.id), asIs)),
  );
}
