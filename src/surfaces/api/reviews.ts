import { z } from 'zod';
import { UserError } from '../../lib/errors.js';
import { attest, DECISIONS, listCampaigns, listTasks, loadCampaign } from '../../remediation/reviews/index.js';
import type { Principal } from './auth.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { type Route, route } from './route.js';

/**
 * Access reviews through the API (docs/reviews.md): list campaigns, list the tasks assigned to the calling token's
 * name, attest one. Attesting needs no more than a viewer token — the review itself decides: the token's name must be
 * the task's assignee (or a campaign admin), or the token is an admin. Every attestation is in the audit log.
 */
const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  deadline: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  tasks: z.number().int(),
  decided: z.number().int(),
});

const Task = z.object({
  campaignId: z.string(),
  identityId: z.string(),
  identityName: z.string(),
  platform: z.string(),
  tenant: z.string(),
  owner: z.string().nullable(),
  assignee: z.string(),
  decision: z.enum(DECISIONS).nullable(),
  reassignTo: z.string().nullable(),
  reason: z.string().nullable(),
  attestedBy: z.string().nullable(),
  attestedAt: z.string().nullable(),
});

export const AttestBody = z
  .object({
    decision: z.enum(DECISIONS),
    to: z.string().trim().min(3).max(320).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

const AttestParams = z.object({ campaign: z.string().min(1), identityId: z.string().min(1) });

async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    if (/^no review campaign|has no task for/.test(error.message)) throw new ApiError('not_found', error.message);
    if (error.exitCode === 5)
      throw new ApiError(/may not attest/.test(error.message) ? 'forbidden' : 'conflict', error.message);
    throw new ApiError('bad_request', error.message);
  }
}

async function attestAsToken(
  deps: ApiDeps,
  p: Principal,
  params: z.infer<typeof AttestParams>,
  b: z.infer<typeof AttestBody>,
) {
  const task = await translated(() =>
    attest(deps.store, {
      campaign: params.campaign,
      identityId: params.identityId,
      decision: b.decision,
      reassignTo: b.to,
      reason: b.reason,
      attester: p.name,
      asAdmin: p.role === 'admin',
      actorTokenId: p.tokenId,
      now: deps.clock.now(),
    }),
  );
  return task;
}

export function reviewRoutes(): Route[] {
  return [
    route({
      method: 'GET',
      path: '/reviews',
      access: 'viewer',
      summary: 'access-review campaigns with their progress',
      response: z.object({ items: z.array(Campaign) }),
      handler: async ({ deps }) => ({ items: await listCampaigns(deps.store) }),
    }),
    route({
      method: 'GET',
      path: '/reviews/tasks/mine',
      access: 'viewer',
      summary: "review tasks assigned to the calling token's name (undecided only with ?pending=true)",
      query: z.object({ pending: z.enum(['true', 'false']).optional() }),
      response: z.object({ items: z.array(Task) }),
      handler: async ({ deps, principal, query }) => ({
        items: await listTasks(deps.store, {
          assignee: (principal as Principal).name,
          pending: query.pending === 'true',
        }),
      }),
    }),
    route({
      method: 'POST',
      path: '/reviews/:campaign/tasks/:identityId/attest',
      access: 'viewer',
      summary:
        'attest keep | revoke | reassign (with `to`) on one task: as its assignee, a campaign admin, or an admin token',
      params: AttestParams,
      body: AttestBody,
      response: Task,
      handler: async ({ deps, principal, params, body }) => {
        await translated(() => loadCampaign(deps.store, params.campaign));
        return attestAsToken(deps, principal as Principal, params, body);
      },
    }),
  ];
}
