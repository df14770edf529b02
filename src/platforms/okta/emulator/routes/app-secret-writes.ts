import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OktaAppData, OktaSecretData } from '../../estate/types.js';
import { notFound, oktaError, params } from '../http.js';
import type { EmulatorState } from '../state.js';
import { appOf } from './apps.js';

/**
 * Client secret management of an OAuth app (Okta Management API, Application Client Auth Credentials): create
 * (`POST /api/v1/apps/{appId}/credentials/secrets`, answers the secret in full this once, ACTIVE unless the body says
 * INACTIVE), activate / deactivate (`POST …/secrets/{secretId}/lifecycle/activate|deactivate`, answer the masked
 * secret) and delete (`DELETE …/secrets/{secretId}`, 204). As Okta's OpenAPI description documents, with its error
 * examples' texts: at most two secrets per client, only an inactive secret can be deleted, and the only active
 * secret cannot be deactivated.
 */

const MAX_SECRETS = 2;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, '.000Z');
const secretsPath = (appId: string) => `/api/v1/apps/${appId}/credentials/secrets`;

function newSecretId(): string {
  return `ocs${[...randomBytes(17)].map((b) => BASE62[b % 62]).join('')}`;
}

const invalid = (reply: FastifyReply, cause: string, field = 'OAuth2ClientSecretMediated') =>
  oktaError(reply, 400, 'E0000001', `Api validation failed: ${field}`, [cause]);

function secretOf(a: OktaAppData, reply: FastifyReply, secretId: string): OktaSecretData | undefined {
  const x = a.secrets.find((y) => y.id === secretId);
  if (!x) notFound(reply, secretId, 'OAuth2ClientSecret');
  return x;
}

export function registerAppSecretWrites(app: FastifyInstance, s: EmulatorState): void {
  app.post('/api/v1/apps/:appId/credentials/secrets', async (request, reply) => {
    const a = appOf(s, request, reply);
    if (!a) return reply;
    if (a.secrets.length >= MAX_SECRETS)
      return invalid(reply, "You've reached the maximum number of client secrets per client.");
    const body = (request.body ?? {}) as { client_secret?: unknown; status?: unknown };
    const given = typeof body.client_secret === 'string' ? body.client_secret : null;
    if (given !== null && given.length < 14)
      return invalid(reply, "client_secret: 'client_secret' must be at least '14' characters long.", 'client_secret');
    if (given !== null && given.length > 100)
      return invalid(
        reply,
        "client_secret: 'client_secret' can't be more than '100' characters long.",
        'client_secret',
      );
    const plain = given ?? randomBytes(30).toString('base64url');
    const x: OktaSecretData = {
      id: newSecretId(),
      status: body.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
      created: stamp(),
      masked: `${plain.slice(0, 12)}......${plain.slice(-22)}`,
    };
    a.secrets.push(x);
    return reply.code(201).send({ ...s.render.secret(secretsPath(a.id), x), client_secret: plain });
  });
  for (const [verb, status] of [
    ['activate', 'ACTIVE'],
    ['deactivate', 'INACTIVE'],
  ] as const)
    app.post(`/api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/${verb}`, async (request, reply) => {
      const a = appOf(s, request, reply);
      const x = a && secretOf(a, reply, params(request).secretId);
      if (!a || !x) return reply;
      if (verb === 'deactivate' && x.status === 'ACTIVE' && !a.secrets.some((y) => y !== x && y.status === 'ACTIVE'))
        return invalid(reply, "You can't deactivate the only active client secret.");
      if (x.status !== status) {
        x.status = status;
        x.lastUpdated = stamp();
      }
      return s.render.secret(secretsPath(a.id), x);
    });
  app.delete('/api/v1/apps/:appId/credentials/secrets/:secretId', async (request, reply) => {
    const a = appOf(s, request, reply);
    const x = a && secretOf(a, reply, params(request).secretId);
    if (!a || !x) return reply;
    if (x.status === 'ACTIVE')
      return invalid(reply, "You can't delete an active client secret. Deactivate the secret before deleting it.");
    a.secrets.splice(a.secrets.indexOf(x), 1);
    return reply.code(204).send();
  });
}
