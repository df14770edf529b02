import type { FastifyReply, FastifyRequest } from 'fastify';
import { googleError, page } from '../http.js';
import type { CloudIndex } from './cloud-index.js';
import { projectDenied } from './cloud-projects.js';

const TYPES = new Set(['serviceAccountLastAuthentication', 'serviceAccountKeyLastAuthentication']);

/**
 * GET /v1/projects/{project}/locations/global/activityTypes/{type}/activities:query (Policy Analyzer) — pageSize at
 * most 1,000; only the global location has these activity types.
 */
export function queryActivities(
  request: FastifyRequest,
  reply: FastifyReply,
  ix: CloudIndex,
  m: RegExpExecArray,
): FastifyReply {
  const id = ix.projectIds.get(m[1]);
  if (!id) return projectDenied(reply, m[1], `policyanalyzer.${m[2]}Activities.query`);
  if (!TYPES.has(m[2])) return googleError(reply, 400, 'badRequest', `Unsupported activity type: ${m[2]}`);
  const activities = ix.data.activities[id]?.[m[2]] ?? [];
  return page(
    request,
    reply,
    { kind: `act.${id}.${m[2]}`, key: 'activities', sizeParam: 'pageSize', fallback: 10, max: 1000 },
    activities,
  );
}
