import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NO_EXPIRY } from '../../estate/cloud-catalogue.js';
import { googleError } from '../http.js';
import type { CloudIndex } from './cloud-index.js';

/**
 * IAM keys.create and keys.delete as Google documents them. create (POST …/serviceAccounts/{account}/keys, body
 * `{privateKeyType?, keyAlgorithm?}`) answers the ServiceAccountKey with `privateKeyData`: the base64 of the key file
 * (TYPE_GOOGLE_CREDENTIALS_FILE, the default), returned by this call only — the emulator keeps the listed fields and
 * never the private key. An account holds at most 10 user-managed keys (400 FAILED_PRECONDITION beyond). delete
 * (DELETE …/keys/{key}) answers Empty; an unknown key is 404.
 */

const MAX_KEYS = 10;
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function accountOf(ix: CloudIndex, m: RegExpExecArray) {
  const sa = ix.accounts.get(m[2].toLowerCase()) ?? ix.accounts.get(m[2]);
  if (!sa?.email || (m[1] !== '-' && ix.projectIds.get(m[1]) !== sa.projectId)) return null;
  return sa as typeof sa & { email: string };
}

/** The Google credentials file a created key's `privateKeyData` decodes to. */
function credentialsFile(projectId: string, email: string, uniqueId: string, keyId: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: projectId,
    private_key_id: keyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: uniqueId,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: 'googleapis.com',
  });
}

export function createKey(request: FastifyRequest, reply: FastifyReply, ix: CloudIndex, m: RegExpExecArray) {
  const sa = accountOf(ix, m);
  if (!sa)
    return googleError(
      reply,
      404,
      'notFound',
      `Service account projects/${m[1]}/serviceAccounts/${m[2]} does not exist.`,
    );
  const body = (request.body ?? {}) as { privateKeyType?: string; keyAlgorithm?: string };
  const type = body.privateKeyType ?? 'TYPE_GOOGLE_CREDENTIALS_FILE';
  if (type !== 'TYPE_GOOGLE_CREDENTIALS_FILE')
    return googleError(
      reply,
      400,
      'badRequest',
      `The emulator makes only TYPE_GOOGLE_CREDENTIALS_FILE keys, not ${type}.`,
    );
  ix.data.keys[sa.email] ??= [];
  const keys = ix.data.keys[sa.email];
  if (keys.length >= MAX_KEYS)
    return reply.code(400).send({
      error: {
        code: 400,
        message: 'Precondition check failed.',
        errors: [{ message: 'Precondition check failed.', domain: 'global', reason: 'failedPrecondition' }],
        status: 'FAILED_PRECONDITION',
      },
    });
  const keyId = randomBytes(20).toString('hex');
  const key = {
    name: `projects/${sa.projectId}/serviceAccounts/${sa.email}/keys/${keyId}`,
    validAfterTime: now(),
    validBeforeTime: NO_EXPIRY,
    keyAlgorithm: body.keyAlgorithm ?? 'KEY_ALG_RSA_2048',
    keyOrigin: 'GOOGLE_PROVIDED',
    keyType: 'USER_MANAGED',
  };
  keys.push(key);
  const file = credentialsFile(String(sa.projectId), sa.email, String(sa.uniqueId), keyId);
  return reply.send({ ...key, privateKeyType: type, privateKeyData: Buffer.from(file).toString('base64') });
}

export function deleteKey(_r: FastifyRequest, reply: FastifyReply, ix: CloudIndex, m: RegExpExecArray) {
  const sa = accountOf(ix, m);
  const keys = sa ? ix.data.keys[sa.email] : undefined;
  const at = keys?.findIndex((k) => k.name?.endsWith(`/keys/${m[3]}`)) ?? -1;
  if (!keys || at < 0) return googleError(reply, 404, 'notFound', `Service account key ${m[3]} does not exist.`);
  keys.splice(at, 1);
  return reply.send({});
}
