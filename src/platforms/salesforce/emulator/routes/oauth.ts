import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorState } from '../state.js';

/** The OAuth endpoints answer errors as a form (`error=…&error_description=…`), not the REST error array. */
function oauthError(reply: FastifyReply, error: string, description: string) {
  return reply
    .code(400)
    .type('application/x-www-form-urlencoded')
    .send(new URLSearchParams({ error, error_description: description }).toString());
}

/**
 * POST /services/oauth2/revoke, form `token=…` (Object Reference, OauthToken "Usage"; "Revoke OAuth Tokens"): an
 * OauthToken row's DeleteToken revokes that grant (refresh token and its access tokens) and deletes the row; 200 with
 * no body. It takes no session (the token is the authority). A missing token is 400 unsupported_token_type, one that
 * names no grant 400 invalid_token.
 */
export function registerOAuthRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.post('/services/oauth2/revoke', async (request, reply) => {
    const token = new URLSearchParams(typeof request.body === 'string' ? request.body : '').get('token');
    if (!token) return oauthError(reply, 'unsupported_token_type', 'this token type is not supported');
    const rows = s.data.tables.OauthToken;
    const index = rows.findIndex((r) => r.DeleteToken === token);
    if (index < 0) return oauthError(reply, 'invalid_token', 'invalid token');
    rows.splice(index, 1);
    return reply.code(200).send();
  });
}
