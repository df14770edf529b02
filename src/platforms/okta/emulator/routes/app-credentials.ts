import type { FastifyInstance } from 'fastify';
import { notFound, params } from '../http.js';
import type { EmulatorState } from '../state.js';
import { appOf } from './apps.js';

/**
 * An app's credentials: OAuth client secrets (masked), the JWKS its client signs with (private_key_jwt), its
 * signing keys (X.509, SAML apps) and certificate signing requests.
 */
export function registerAppCredentialRoutes(app: FastifyInstance, s: EmulatorState): void {
  const secretsPath = (appId: string) => `/api/v1/apps/${appId}/credentials/secrets`;
  app.get('/api/v1/apps/:appId/credentials/secrets', async (request, reply) => {
    const a = appOf(s, request, reply);
    return a ? a.secrets.map((x) => s.render.secret(secretsPath(a.id), x)) : reply;
  });
  app.get('/api/v1/apps/:appId/credentials/secrets/:secretId', async (request, reply) => {
    const a = appOf(s, request, reply);
    if (!a) return reply;
    const x = a.secrets.find((y) => y.id === params(request).secretId);
    return x ? s.render.secret(secretsPath(a.id), x) : notFound(reply, params(request).secretId, 'OAuth2ClientSecret');
  });
  app.get('/api/v1/apps/:appId/credentials/jwks', async (request, reply) => {
    const a = appOf(s, request, reply);
    // A plain array, as the Management API spec (2026.06) declares it.
    return a ? a.jwks.map((k) => s.render.jwk(a.id, k)) : reply;
  });
  app.get('/api/v1/apps/:appId/credentials/jwks/:keyId', async (request, reply) => {
    const a = appOf(s, request, reply);
    if (!a) return reply;
    const k = a.jwks.find((y) => y.id === params(request).keyId);
    return k ? s.render.jwk(a.id, k) : notFound(reply, params(request).keyId, 'OAuth2ClientJsonWebKey');
  });
  app.get('/api/v1/apps/:appId/credentials/keys', async (request, reply) => {
    const a = appOf(s, request, reply);
    return a ? a.keys.map((k) => s.render.appKey(k)) : reply;
  });
  app.get('/api/v1/apps/:appId/credentials/keys/:keyId', async (request, reply) => {
    const a = appOf(s, request, reply);
    if (!a) return reply;
    const k = a.keys.find((y) => y.kid === params(request).keyId);
    return k ? s.render.appKey(k) : notFound(reply, params(request).keyId, 'AppInstanceKeyCredential');
  });
  app.get('/api/v1/apps/:appId/credentials/csrs', async (request, reply) => (appOf(s, request, reply) ? [] : reply));
}
