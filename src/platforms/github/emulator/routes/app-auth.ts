import type { FastifyInstance } from 'fastify';
import { githubToken, verifyAppJwt } from '../auth.js';
import { errorBody, identify, notFound } from '../http.js';
import type { EmulatorState } from '../state.js';

/** GET /rate_limit and POST /app/installations/{id}/access_tokens (App JWT → 1-hour installation token). */
export function registerAppAuthRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/rate_limit', async (request, reply) => {
    const who = identify(s, request);
    const caller = who && who !== 'jwt' ? who : null;
    if (!caller) return reply.code(401).send(errorBody('Bad credentials', 401));
    s.rates.headers(reply, caller, false);
    const core = s.rates.rate(caller);
    const zero = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
    return {
      resources: {
        core,
        search: zero(30),
        graphql: zero(5000),
        integration_manifest: zero(5000),
        code_search: zero(10),
      },
      rate: core,
    };
  });

  app.post('/app/installations/:installation_id/access_tokens', async (request, reply) => {
    const h = request.headers.authorization ?? '';
    const m = /^bearer\s+(\S+)$/i.exec(h.trim());
    s.rates.headers(reply, null, false);
    if (!m) return reply.code(401).send(errorBody('A JSON web token could not be decoded', 401));
    const check = verifyAppJwt(m[1], s.data.scanner.appId, s.appKey.publicKey);
    if (!check.ok) return reply.code(401).send(errorBody(check.message, 401));
    const id = Number((request.params as { installation_id: string }).installation_id);
    if (id !== s.data.scanner.installationId) return notFound(reply);
    const inst = s.data.installations.find((i) => i.id === id)!;
    const token = githubToken('ghs');
    const expires = Date.now() + 3600_000;
    s.installationTokens.set(token, expires);
    return reply.code(201).send({
      token,
      expires_at: new Date(expires).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: inst.permissions,
      repository_selection: inst.repository_selection,
    });
  });
}
