import type { FastifyReply, FastifyRequest } from 'fastify';
import { googleError, page } from '../http.js';
import type { CloudIndex } from './cloud-index.js';
import { projectDenied } from './cloud-projects.js';

/** GET /v1/projects/{project}/serviceAccounts — pageSize default 20, at most 100; nextPageToken. */
export function listServiceAccounts(
  request: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const id = ix.projectIds.get(m[1]);
  if (!id) return projectDenied(reply, m[1], 'iam.serviceAccounts.list');
  const accounts = ix.data.serviceAccounts[id] ?? [];
  return page(
    request,
    reply,
    { kind: `sa.${id}`, key: 'accounts', sizeParam: 'pageSize', fallback: 20, max: 100 },
    accounts,
  );
}

function accountOf(ix: CloudIndex, m: RegExpExecArray) {
  const sa = ix.accounts.get(m[2].toLowerCase()) ?? ix.accounts.get(m[2]);
  // `-` stands for "the account's own project"; any other project must be the account's.
  if (!sa || (m[1] !== '-' && ix.projectIds.get(m[1]) !== sa.projectId)) return null;
  return sa;
}

const notFound = (reply: FastifyReply, what: string) => googleError(reply, 404, 'notFound', `${what} does not exist.`);

/** GET …/serviceAccounts/{account}/keys?keyTypes=… — unpaged; filtered by keyTypes (repeatable). */
export function listKeys(
  request: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const sa = accountOf(ix, m);
  if (!sa?.email) return notFound(reply, `Service account projects/${m[1]}/serviceAccounts/${m[2]}`);
  const raw = (request.query as Record<string, unknown>).keyTypes;
  const types = new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String));
  const keys = (ix.data.keys[sa.email] ?? []).filter((k) => types.size === 0 || types.has(String(k.keyType)));
  return reply.send(keys.length ? { keys } : {});
}

/** POST …/serviceAccounts/{account}:disable | :enable — Empty. */
export function setAccountDisabled(
  _r: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const sa = accountOf(ix, m);
  if (!sa) return notFound(reply, `Service account projects/${m[1]}/serviceAccounts/${m[2]}`);
  // proto3 JSON leaves a false `disabled` out, as serviceAccounts.get and .list do for an enabled account.
  if (m[3] === 'disable') sa.disabled = true;
  else delete sa.disabled;
  return reply.send({});
}

/** POST …/serviceAccounts/{account}/keys/{key}:disable | :enable — Empty. */
export function setKeyDisabled(
  _r: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const sa = accountOf(ix, m);
  const key = sa?.email ? ix.data.keys[sa.email]?.find((k) => k.name?.endsWith(`/keys/${m[3]}`)) : undefined;
  if (!key) return notFound(reply, `Service account key ${m[3]}`);
  if (m[4] === 'disable') key.disabled = true;
  else delete key.disabled;
  if (key.disabled) key.disableReason = 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED';
  else delete key.disableReason;
  return reply.send({});
}

/** GET …/serviceAccounts/{account} — the ServiceAccount. */
export function getAccount(_r: FastifyRequest, reply: FastifyReply, ix: CloudIndex, m: RegExpExecArray): FastifyReply {
  const sa = accountOf(ix, m);
  if (!sa) return notFound(reply, `Service account projects/${m[1]}/serviceAccounts/${m[2]}`);
  return reply.send(sa);
}

/** GET …/serviceAccounts/{account}/keys/{key} — the ServiceAccountKey (public key material is never stored here). */
export function getKey(_r: FastifyRequest, reply: FastifyReply, ix: CloudIndex, m: RegExpExecArray): FastifyReply {
  const sa = accountOf(ix, m);
  const key = sa?.email ? ix.data.keys[sa.email]?.find((k) => k.name?.endsWith(`/keys/${m[3]}`)) : undefined;
  if (!key) return notFound(reply, `Service account key ${m[3]}`);
  return reply.send(key);
}
