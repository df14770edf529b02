import type { FastifyReply, FastifyRequest } from 'fastify';
import { page } from '../http.js';
import { type CloudIndex, poolKey } from './cloud-index.js';
import { projectDenied } from './cloud-projects.js';

/** Both lists default to 50; pools allow 1,000 a page, providers 100 (iam v1 discovery). */
const PAGE = { sizeParam: 'pageSize', fallback: 50 } as const;

/** GET /v1/projects/{project}/locations/global/workloadIdentityPools — pools named by project number. */
export function listPools(
  request: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const id = ix.projectIds.get(m[1]);
  if (!id) return projectDenied(reply, m[1], 'iam.workloadIdentityPools.list');
  return page(
    request,
    reply,
    { ...PAGE, max: 1000, kind: `pools.${id}`, key: 'workloadIdentityPools' },
    ix.data.pools[id] ?? [],
  );
}

/** GET …/workloadIdentityPools/{pool}/providers. */
export function listProviders(
  request: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const key = poolKey(ix, m[1], m[2]);
  if (!key) return projectDenied(reply, m[1], 'iam.workloadIdentityPoolProviders.list');
  const providers = ix.data.providers[key] ?? [];
  return page(
    request,
    reply,
    { ...PAGE, max: 100, kind: `providers.${key}`, key: 'workloadIdentityPoolProviders' },
    providers,
  );
}
