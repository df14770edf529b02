import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { graphError } from '../graph-errors.js';
import { ODataError } from '../odata.js';
import type { Served } from '../served.js';

export interface Credentials {
  token: string;
  clientId: string;
  clientSecret: string;
}

/** Graph error bodies for thrown errors and unknown segments; a request-id on every response. */
export function errorRoutes(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ODataError) return graphError(request, reply, error.status, error.code, error.message);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return graphError(
      request,
      reply,
      status,
      status >= 500 ? 'generalException' : 'BadRequest',
      (error as Error).message,
    );
  });
  app.setNotFoundHandler((request, reply) =>
    graphError(
      request,
      reply,
      400,
      'BadRequest',
      `Resource not found for the segment '${request.url.split('?')[0].split('/').pop()}'.`,
    ),
  );
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('request-id')) {
      const rid = randomUUID();
      reply
        .header('request-id', rid)
        .header('client-request-id', (request.headers['client-request-id'] as string | undefined) ?? rid);
    }
    return payload;
  });
}

/** Bearer auth on every Graph path (the token endpoint is the identity platform, not Graph). */
export function bearerAuth(app: FastifyInstance, credentials: Credentials): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.includes('/oauth2/v2.0/token')) return;
    const auth = request.headers.authorization;
    if (!auth) return graphError(request, reply, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if (auth !== `Bearer ${credentials.token}`)
      return graphError(
        request,
        reply,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
  });
}

/** The identity platform's error body (AADSTS codes). */
function aadError(reply: FastifyReply, status: number, error: string, description: string, code: number) {
  return reply.code(status).send({ error, error_description: description, error_codes: [code] });
}

/** Microsoft identity platform token endpoint (client credentials), so the real-tenant auth path is testable. */
export function tokenRoute(app: FastifyInstance, s: Served, credentials: Credentials): void {
  app.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const { tenant: t } = request.params as { tenant: string };
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    if (t !== s.tenant.data.tenantId && t !== s.tenant.data.tenantDomain)
      return aadError(reply, 400, 'invalid_request', `AADSTS90002: Tenant '${t}' not found.`, 90002);
    if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'https://graph.microsoft.com/.default')
      return aadError(
        reply,
        400,
        'invalid_request',
        'AADSTS900144: The request body must contain grant_type=client_credentials and scope=https://graph.microsoft.com/.default.',
        900144,
      );
    if (form.get('client_id') !== credentials.clientId || form.get('client_secret') !== credentials.clientSecret)
      return aadError(reply, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.', 7000215);
    return reply.send({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: credentials.token,
    });
  });
}
