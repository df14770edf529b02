import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GhHookData } from '../../estate/types.js';
import { verifyAppJwt } from '../auth.js';
import { deliveriesOf } from '../derived.js';
import { errorBody, notFound, orgOk, paged, repoOf } from '../http.js';
import { enterpriseInstallation } from '../render-extra.js';
import type { EmulatorState } from '../state.js';

/** GitHub's rule for /app/* and the installation lookups: only the App's own JWT (RS256, ≤ 10 min) is accepted. */
export function appJwtGuard(s: EmulatorState, request: FastifyRequest, reply: FastifyReply): boolean {
  s.rates.headers(reply, null, false);
  const m = /^bearer\s+(\S+)$/i.exec((request.headers.authorization ?? '').trim());
  const check = m
    ? verifyAppJwt(m[1], s.data.scanner.appId, s.appKey.publicKey)
    : { ok: false as const, message: 'A JSON web token could not be decoded' };
  if (check.ok) return true;
  reply.code(401).send(errorBody(check.message, 401));
  return false;
}

const scannerInstallation = (s: EmulatorState) =>
  s.data.installations.find((i) => i.id === s.data.scanner.installationId)!;

/**
 * The authenticated App (the scanner): GET /app, /app/installations (its org and enterprise installations),
 * /app/installations/{id}, /app/hook/config, /app/hook/deliveries, /app/installation-requests (none pending).
 */
export function registerAppRoutes(app: FastifyInstance, s: EmulatorState): void {
  const installations = () => [
    s.render.installation(scannerInstallation(s)),
    ...(s.data.enterprise ? [enterpriseInstallation(s, s.data.enterprise)] : []),
  ];
  app.get('/app', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    const a = s.appsBySlug.get(s.data.scanner.appSlug)!;
    return { ...s.render.app(a), installations_count: installations().length };
  });
  app.get('/app/installations', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    return paged(s, request, reply, installations(), (i) => i).body;
  });
  app.get('/app/installations/:installation_id', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    const id = Number((request.params as { installation_id: string }).installation_id);
    return installations().find((i) => i.id === id) ?? notFound(reply);
  });
  app.get('/app/hook/config', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    const a = s.appsBySlug.get(s.data.scanner.appSlug)!;
    return { content_type: 'json', insecure_ssl: '0', secret: '********', url: `${a.external_url}/github/webhook` };
  });
  app.get('/app/hook/deliveries', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    return paged(s, request, reply, appDeliveries(s), (d) => d).body;
  });
  app.get('/app/installation-requests', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    return paged(s, request, reply, [] as unknown[], (r) => r).body;
  });
  registerInstallationLookups(app, s);
}

/** The App's webhook deliveries: `installation` events of its org installation, an hour apart up to its last update. */
function appDeliveries(s: EmulatorState) {
  const i = scannerInstallation(s);
  const hook: GhHookData = {
    id: i.id,
    name: 'web',
    active: true,
    events: ['installation'],
    config: { url: '', content_type: 'json', insecure_ssl: '0' },
    created_at: i.created_at,
    updated_at: i.updated_at,
  };
  return deliveriesOf(hook, null).map((d) => ({ ...d, installation_id: i.id }));
}

/** GET /orgs/{org}/installation, /repos/{o}/{r}/installation, /users/{username}/installation (the org's login), /enterprises/{e}/installation. */
function registerInstallationLookups(app: FastifyInstance, s: EmulatorState): void {
  const orgInstallation = () => s.render.installation(scannerInstallation(s));
  app.get('/orgs/:org/installation', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    return orgOk(s, request) ? orgInstallation() : notFound(reply);
  });
  app.get('/repos/:owner/:repo/installation', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    const i = scannerInstallation(s);
    const covered = repo && (i.repository_selection === 'all' || i.repository_ids.includes(repo.id));
    return covered ? orgInstallation() : notFound(reply);
  });
  // GitHub resolves /users/{username} for organization logins too; the App is installed on no user account.
  app.get('/users/:username/installation', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    const login = (request.params as { username: string }).username.toLowerCase();
    return login === s.org.toLowerCase() ? orgInstallation() : notFound(reply);
  });
  app.get('/enterprises/:enterprise/installation', async (request, reply) => {
    if (!appJwtGuard(s, request, reply)) return reply;
    const e = s.data.enterprise;
    const slug = (request.params as { enterprise: string }).enterprise.toLowerCase();
    return e && e.slug === slug ? enterpriseInstallation(s, e) : notFound(reply);
  });
}
