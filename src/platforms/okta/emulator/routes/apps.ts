import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OktaAppData } from '../../estate/types.js';
import { objectGetter, parseFilter } from '../filter.js';
import { badFilter, cursorPage, notFound, params, query, setLinks } from '../http.js';
import type { EmulatorState } from '../state.js';

/** The app of a `{appId}` path, or Okta's 404 sent (returns undefined). */
export function appOf(s: EmulatorState, request: FastifyRequest, reply: FastifyReply): OktaAppData | undefined {
  const id = params(request).appId;
  const a = s.apps.get(id);
  if (!a) notFound(reply, id, 'AppInstance');
  return a;
}

/** Apps narrowed by `q` (label or name prefix) and `filter` (status, name, id, ...), or null for a bad filter. */
function selectApps(s: EmulatorState, request: FastifyRequest): OktaAppData[] | string {
  const { q, filter } = query(request);
  let apps = s.data.apps;
  if (q) {
    const p = q.toLowerCase();
    apps = apps.filter((a) => a.label.toLowerCase().startsWith(p) || a.name.toLowerCase().startsWith(p));
  }
  if (filter) {
    try {
      const test = parseFilter(filter);
      apps = apps.filter((a) => test(objectGetter(s.render.app(a))));
    } catch (error) {
      return (error as Error).message;
    }
  }
  return apps;
}

/**
 * Every app of the org, all sign-on modes (OIDC service, web and browser apps, SAML, bookmark, auto-login), as
 * Okta's polymorphic Application objects; paged by `limit` (≤ 200) and `after`.
 */
export function registerAppRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/api/v1/apps', async (request, reply) => {
    const apps = selectApps(s, request);
    if (typeof apps === 'string') return badFilter(reply, apps);
    const whole = apps === s.data.apps;
    const page = cursorPage(
      s,
      request,
      reply,
      apps,
      (a) => a.id,
      { fallback: 20, max: 200 },
      (id) => (whole ? s.appIndex.get(id) : undefined),
    );
    return page.map((a) => s.render.app(a));
  });
  app.get('/api/v1/apps/:appId', async (request, reply) => {
    const a = appOf(s, request, reply);
    return a ? s.render.app(a) : reply;
  });
  // Lifecycle (what the remediation actions call): Okta answers 200 with an empty object.
  for (const [verb, status] of [
    ['activate', 'ACTIVE'],
    ['deactivate', 'INACTIVE'],
  ] as const)
    app.post(`/api/v1/apps/:appId/lifecycle/${verb}`, async (request, reply) => {
      const a = appOf(s, request, reply);
      if (!a) return reply;
      a.status = status;
      return {};
    });
  // Assignments and refresh tokens: the emulated org assigns no users or groups through the API and keeps no
  // refresh tokens, so these are empty lists for a known app.
  for (const path of ['/api/v1/apps/:appId/users', '/api/v1/apps/:appId/groups', '/api/v1/apps/:appId/tokens'])
    app.get(path, async (request, reply) => {
      if (!appOf(s, request, reply)) return reply;
      setLinks(s, request, reply, null);
      return [];
    });
}
