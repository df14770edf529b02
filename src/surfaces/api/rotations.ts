import { z } from 'zod';
import { DEFAULT_DEPENDENCY_DAYS, loadPlan } from '../../remediation/index.js';
import { listRotations, planRotationCampaign, rotationStatus, startRotation } from '../../remediation/reviews/index.js';
import type { Principal } from './auth.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { reviewTranslated } from './review-campaigns.js';
import { type Route, route } from './route.js';

/**
 * Rotation and expiry campaigns through the API (docs/reviews.md): create, status (re-checked against the latest
 * inventory), and plans. A rotation hands a new secret over once, to a file on the machine that applies it, so the
 * API plans only retirements (disable / delete where the platform has no rotation for the credential) and lists the
 * credentials a rotation applies to for `steward rotation plan … --deliver-to FILE`.
 */
const Days = z.number().int().min(1).max(36_500);

const CreateBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    olderThanDays: Days.optional(),
    expiringWithinDays: Days.optional(),
    platform: z.string().trim().min(1).optional(),
    tenant: z.string().trim().min(1).optional(),
  })
  .strict();

const PlanBody = z
  .object({
    owner: z.string().trim().min(1).max(320).optional(),
    days: z.number().int().min(1).max(3650).default(DEFAULT_DEPENDENCY_DAYS),
    force: z
      .object({ reason: z.string().trim().min(3) })
      .strict()
      .optional(),
  })
  .strict()
  .default({ days: DEFAULT_DEPENDENCY_DAYS });

const CampaignParam = z.object({ campaign: z.string().min(1) });

const Item = z.object({
  credentialId: z.string(),
  identityId: z.string(),
  platform: z.string(),
  tenant: z.string(),
  label: z.string(),
  owner: z.string().nullable(),
  why: z.string(),
  state: z.enum(['open', 'done', 'unknown']),
  detail: z.string().nullable(),
  doneAt: z.string().nullable(),
  plan: z.object({ id: z.string(), actionId: z.string(), status: z.string() }).nullable(),
});

const Choice = z.object({
  credentialId: z.string(),
  identityId: z.string(),
  label: z.string(),
  owner: z.string(),
  actionId: z.string().nullable(),
  rotates: z.boolean(),
  note: z.string().nullable(),
});

async function create(deps: ApiDeps, p: Principal, b: z.infer<typeof CreateBody>) {
  const now = deps.clock.now();
  const name = b.name ?? `rotation-${now.toISOString().slice(0, 10)}`;
  const { id, items } = await reviewTranslated(() =>
    startRotation(deps.store, {
      name,
      criteria: {
        olderThanDays: b.olderThanDays ?? null,
        expiringWithinDays: b.expiringWithinDays ?? null,
        platform: b.platform,
        tenant: b.tenant,
      },
      createdBy: p.name,
      actorTokenId: p.tokenId,
      now,
    }),
  );
  return { id, name, items };
}

async function status(deps: ApiDeps, ref: string) {
  const s = await reviewTranslated(() => rotationStatus(deps.store, ref, deps.clock.now()));
  const count = (state: string) => s.items.filter((i) => i.state === state).length;
  return { ...s, done: count('done'), open: count('open'), unknown: count('unknown') };
}

async function plan(deps: ApiDeps, p: Principal, ref: string, b: z.infer<typeof PlanBody>) {
  if (!deps.remediation) throw new ApiError('conflict', 'remediation is not available on this server');
  const result = await reviewTranslated(() =>
    planRotationCampaign(deps.store, {
      campaign: ref,
      owner: b.owner,
      actions: deps.remediation?.actions ?? [],
      planner: p.name,
      plannerTokenId: p.tokenId,
      now: deps.clock.now(),
      dependencyDays: b.days,
      force: b.force ?? null,
      withoutRotations: true,
    }),
  );
  for (const made of result.plans) await deps.remediation.onPlanSaved?.(await loadPlan(deps.store, made.planId));
  return result;
}

export function rotationRoutes(): Route[] {
  return [
    route({
      method: 'GET',
      path: '/rotations',
      access: 'viewer',
      summary: 'rotation campaigns, done/total as of their last status',
      response: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            created_at: z.string(),
            created_by: z.string(),
            items: z.number().int(),
            done: z.number().int(),
          }),
        ),
      }),
      handler: async ({ deps }) => ({ items: await listRotations(deps.store) }),
    }),
    route({
      method: 'POST',
      path: '/rotations',
      access: 'analyst',
      summary: 'start a rotation campaign: every enabled credential older than the window or expiring soon',
      body: CreateBody,
      response: z.object({ id: z.string(), name: z.string(), items: z.array(Item) }),
      status: 201,
      handler: async ({ deps, principal, body }) => create(deps, principal as Principal, body),
    }),
    route({
      method: 'GET',
      path: '/rotations/:campaign',
      access: 'viewer',
      summary: 'each credential re-checked against the latest scan: done, open or unknown, and the plan covering it',
      params: CampaignParam,
      response: z.object({
        id: z.string(),
        name: z.string(),
        done: z.number().int(),
        open: z.number().int(),
        unknown: z.number().int(),
        items: z.array(Item),
      }),
      handler: async ({ deps, params }) => status(deps, params.campaign),
    }),
    route({
      method: 'POST',
      path: '/rotations/:campaign/plans',
      access: 'analyst',
      summary:
        'plan the open credentials, one plan per owner (approval still required); rotations are listed for the CLI',
      params: CampaignParam,
      body: PlanBody,
      response: z.object({
        campaignId: z.string(),
        plans: z.array(
          z.object({
            owner: z.string(),
            planId: z.string(),
            items: z.number().int(),
            blocked: z.number().int(),
            rotations: z.number().int(),
          }),
        ),
        choices: z.array(Choice),
        alreadyPlanned: z.array(z.object({ credentialId: z.string(), planId: z.string() })),
        unknown: z.array(z.object({ credentialId: z.string(), detail: z.string().nullable() })),
        needsRotation: z.array(Choice),
      }),
      handler: async ({ deps, principal, params, body }) => plan(deps, principal as Principal, params.campaign, body),
    }),
  ];
}
