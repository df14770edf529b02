import { z } from 'zod';
import { UserError } from '../../lib/errors.js';
import {
  type ActionRunner,
  applyPlan,
  approveAsToken,
  buildPlan,
  DEFAULT_DEPENDENCY_DAYS,
  itemStates,
  loadPlan,
  type Plan,
  RemediationRefused,
  type RemediationAction,
  savePlan,
  plannedByDefault,
} from '../../remediation/index.js';
import type { Principal } from './auth.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';

/**
 * Remediation through the API (docs/remediation.md): an analyst plans, another analyst or admin approves (the
 * token's identity is the approver and may not be the planner's), an admin applies. The CLI hands the server the
 * registered actions and how to reach each tenant; without them these routes answer 409.
 */
export interface RemediationService extends ActionRunner {
  actions: readonly RemediationAction[];
  /** Told each plan saved through the API (`steward serve` sends its approval-request notifications); never throws. */
  onPlanSaved?: (plan: Plan) => Promise<void>;
}

export const PlanBody = z
  .object({
    selection: z
      .object({
        findingId: z.string().min(1).optional(),
        ruleId: z.string().min(1).optional(),
        vendor: z.string().min(1).optional(),
        platform: z.string().min(1).optional(),
        tenant: z.string().min(1).optional(),
        identityIds: z.array(z.string().min(1)).max(1000).optional(),
        text: z.string().min(1).optional(),
      })
      .strict(),
    actions: z.array(z.string().min(1)).optional(),
    days: z.number().int().min(1).max(3650).default(DEFAULT_DEPENDENCY_DAYS),
    force: z
      .object({ reason: z.string().trim().min(3) })
      .strict()
      .optional(),
  })
  .strict();

export const PlanView = z.object({
  id: z.string(),
  status: z.string(),
  contentHash: z.string(),
  planner: z.string(),
  origin: z.string(),
  items: z.array(
    z.object({
      ordinal: z.number().int(),
      actionId: z.string(),
      target: z.string(),
      blocked: z.boolean(),
      state: z.string(),
      outcome: z.string().nullable(),
    }),
  ),
});

function service(deps: ApiDeps): RemediationService {
  if (!deps.remediation) throw new ApiError('conflict', 'remediation is not available on this server');
  return deps.remediation;
}

/** Maps the remediation layer's refusals and user errors onto the API's error envelope. */
async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RemediationRefused) throw new ApiError('forbidden', error.message);
    if (error instanceof UserError)
      throw new ApiError(/^no remediation plan/.test(error.message) ? 'not_found' : 'bad_request', error.message);
    throw error;
  }
}

export async function planView(deps: ApiDeps, id: string) {
  return translated(async () => {
    const plan = await loadPlan(deps.store, id);
    const states = await itemStates(deps.store, id);
    return {
      id: plan.id,
      status: plan.status,
      contentHash: plan.contentHash,
      planner: plan.content.planner,
      origin: plan.content.origin,
      items: plan.content.items.map((i) => ({
        ordinal: i.ordinal,
        actionId: i.actionId,
        target: i.target.label,
        blocked: i.blocked,
        state: states.get(i.ordinal)?.state ?? 'pending',
        outcome: states.get(i.ordinal)?.outcome ?? null,
      })),
    };
  });
}

export async function createPlan(deps: ApiDeps, p: Principal, b: z.infer<typeof PlanBody>) {
  const { actions } = service(deps);
  const chosen = b.actions
    ? b.actions.map((id) => actions.find((a) => a.id === id) ?? badAction(id))
    : actions.filter(plannedByDefault);
  const plan = await translated(() =>
    buildPlan(deps.store, {
      selection: b.selection,
      actions: chosen,
      planner: p.name,
      now: deps.clock.now(),
      dependencyDays: b.days,
      force: b.force ?? null,
    }),
  );
  await savePlan(deps.store, plan, p.tokenId);
  await deps.remediation?.onPlanSaved?.(plan);
  return planView(deps, plan.id);
}

const badAction = (id: string): never => {
  throw new ApiError('bad_request', `actions: no action ${id}`);
};

export async function approvePlan(deps: ApiDeps, p: Principal, id: string) {
  await translated(async () =>
    approveAsToken(deps.store, await loadPlan(deps.store, id), p.name, p.tokenId, deps.clock.now().toISOString()),
  );
  return planView(deps, id);
}

export async function applyPlanRoute(deps: ApiDeps, p: Principal, id: string) {
  const runner = service(deps);
  await translated(() =>
    applyPlan({
      store: deps.store,
      planId: id,
      runner,
      actor: p.name,
      actorTokenId: p.tokenId,
      now: () => deps.clock.now(),
    }),
  );
  return planView(deps, id);
}
