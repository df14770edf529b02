import type { FastifyReply, FastifyRequest } from 'fastify';
import { googleError, page } from '../http.js';
import type { CloudIndex } from './cloud-index.js';

/** GET /v3/projects:search — the ACTIVE projects the caller can see (pageSize at most 1,000, default 500 ⚠️). */
export function searchProjects(request: FastifyRequest, reply: FastifyReply, ix: CloudIndex): FastifyReply {
  return page(
    request,
    reply,
    { kind: 'projects', key: 'projects', sizeParam: 'pageSize', fallback: 500, max: 1000 },
    ix.data.projects,
  );
}

/** Google answers 403 for a project that does not exist as for one the caller may not read. */
export function projectDenied(reply: FastifyReply, project: string, permission: string): FastifyReply {
  return googleError(
    reply,
    403,
    'forbidden',
    `Permission '${permission}' denied on resource 'projects/${project}' (or it may not exist).`,
  );
}

/**
 * POST /v3/projects/{project}:getIamPolicy — the policy; a conditional policy asked for in a version below 3 is
 * refused (Google: "requests for policies with any conditional role bindings must specify version 3").
 */
export function getIamPolicy(
  request: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const id = ix.projectIds.get(m[1]);
  const policy = id ? ix.data.policies[id] : undefined;
  if (!id || !policy) return projectDenied(reply, m[1], 'resourcemanager.projects.getIamPolicy');
  const body = (request.body ?? {}) as { options?: { requestedPolicyVersion?: number } };
  const version = body.options?.requestedPolicyVersion ?? 0;
  if (version < 3 && policy.bindings?.some((b) => b.condition))
    return googleError(
      reply,
      400,
      'badRequest',
      'The request must specify version 3 for a policy with conditional role bindings.',
    );
  return reply.send(policy);
}
