import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { verifyAssertion } from '../auth.js';
import type { EmulatorState } from '../state.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Only read scopes are granted to the emulator's scanner service app (what a discovery scan needs). */
const GRANTABLE = /^okta\.[A-Za-z]+\.read$/;

/**
 * The org authorization server's token endpoint for the scanner service app: client credentials with a
 * private_key_jwt assertion → an access token (1 h) holding the requested okta.*.read scopes. Errors are OAuth's
 * `{error, error_description}` bodies (400/401), not the Management API's envelope.
 */
export function registerOauthTokenRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.post('/oauth2/v1/token', async (request, reply) => {
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    const fail = (status: number, error: string, error_description: string) =>
      reply.code(status).send({ error, error_description });
    if (form.get('grant_type') !== 'client_credentials')
      return fail(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    if (form.get('client_assertion_type') !== ASSERTION_TYPE || !form.get('client_assertion'))
      return fail(401, 'invalid_client', 'Client authentication failed: a client_assertion is required.');
    const check = verifyAssertion(
      form.get('client_assertion')!,
      s.scanner,
      `${s.base}/oauth2/v1/token`,
      Math.floor(Date.now() / 1000),
    );
    if (!check.ok) return fail(401, 'invalid_client', check.description);
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || !scopes.every((x) => GRANTABLE.test(x)))
      return fail(400, 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
    const token = randomBytes(32).toString('base64url');
    s.accessTokens.set(token, { scopes: new Set(scopes), expires: Date.now() + 3_600_000 });
    return { token_type: 'Bearer', expires_in: 3600, access_token: token, scope: scopes.join(' ') };
  });
}
