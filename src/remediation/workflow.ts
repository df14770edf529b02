import type { ActionContext, RemediationAction } from './action.js';
import { requireApproval } from './approval.js';
import { errorText, RemediationRefused } from './canonical.js';
import type { PlanItem } from './plan.js';
import { itemStates, loadPlan, recordItem, setPlanStatus, type StoredPlan } from './plans-store.js';
import { AWAITING_GRACE, rotateItem, targetOf, undoable, undoRotation, verifyRotationStart } from './rotation.js';
import type { Store } from '../store/index.js';

/**
 * Apply, verify and rollback of an approved plan, item by item, each step recorded (item state + audit row) before
 * the next begins. Re-running resumes: done items are skipped, and an item is first verified, so one whose change
 * reached the vendor before a crash is recorded as done without calling again. Vendor rate limits and retries are the
 * SDK clients' (the connectors' configuration).
 */

/** What the surface gives the workflow: the registered actions and each tenant's action context. */
export interface ActionRunner {
  action(id: string): RemediationAction | undefined;
  context(platform: string, tenant: string): ActionContext;
}

export interface StepRequest {
  store: Store;
  planId: string;
  runner: ActionRunner;
  actor: string;
  /** The API token that runs it (null or absent on the command line). */
  actorTokenId?: string | null;
  now: () => Date;
}

export interface ItemOutcome {
  ordinal: number;
  label: string;
  state: string;
  outcome: string | null;
}

const APPLIED = new Set(['done', 'verified', 'verify-failed']);

export async function applyPlan(req: StepRequest): Promise<ItemOutcome[]> {
  const plan = await loadPlan(req.store, req.planId);
  if (plan.status === 'rolled-back') throw new RemediationRefused(`plan ${plan.id} was rolled back; make a new plan`);
  const approvers = await requireApproval(req.store, plan);
  await setPlanStatus(req.store, plan.id, 'applying');
  const states = await itemStates(req.store, plan.id);
  for (const item of plan.content.items) {
    const state = states.get(item.ordinal)?.state ?? 'pending';
    if (state === 'blocked' || APPLIED.has(state)) continue;
    if (item.rotation)
      await rotateItem(req, plan, item, states.get(item.ordinal), { approvers }, (target) =>
        runItem(req, plan, item, { approvers, phase: 2 }, target),
      );
    else await runItem(req, plan, item, { approvers });
  }
  const result = await outcomes(req.store, plan);
  // A rotation in its grace period is not finished: the plan stays `applying` until a later apply retires the old key.
  await setPlanStatus(req.store, plan.id, result.some((o) => o.state === AWAITING_GRACE) ? 'applying' : 'applied');
  return result;
}

async function runItem(
  req: StepRequest,
  plan: StoredPlan,
  item: PlanItem,
  detail: Record<string, unknown>,
  target = item.target,
) {
  const action = actionOf(req.runner, item.actionId);
  const ctx = req.runner.context(item.target.platform, item.target.tenant);
  const audit = (at: string) => ({
    actor: req.actor,
    actorTokenId: req.actorTokenId,
    action: 'remediation.apply',
    at,
    detail: { ...detail, action: item.actionId, target: item.target.label, calls: item.calls },
  });
  try {
    const before = await action.verify(ctx, target);
    if (before.ok) {
      const at = req.now().toISOString();
      return recordItem(
        req.store,
        plan,
        item.ordinal,
        { state: 'done', outcome: `already so (${before.observed})`, column: 'applied_at' },
        audit(at),
      );
    }
    await action.apply(ctx, target);
    const at = req.now().toISOString();
    await recordItem(
      req.store,
      plan,
      item.ordinal,
      { state: 'done', outcome: 'applied', column: 'applied_at' },
      audit(at),
    );
  } catch (error) {
    const at = req.now().toISOString();
    await recordItem(req.store, plan, item.ordinal, { state: 'failed', outcome: errorText(error) }, audit(at));
  }
}

/** Re-reads the vendor for every applied item. */
export async function verifyPlan(req: StepRequest): Promise<ItemOutcome[]> {
  const plan = await loadPlan(req.store, req.planId);
  const states = await itemStates(req.store, plan.id);
  for (const item of plan.content.items) {
    const state = states.get(item.ordinal);
    if (item.rotation && state?.state === AWAITING_GRACE) {
      await verifyRotationStart(req, plan, item, state);
      continue;
    }
    if (!APPLIED.has(state?.state ?? '')) continue;
    const action = actionOf(req.runner, item.actionId);
    let update: { state: string; outcome: string };
    try {
      const target = await targetOf(req.store, plan.id, item);
      const result = await action.verify(req.runner.context(item.target.platform, item.target.tenant), target);
      update = { state: result.ok ? 'verified' : 'verify-failed', outcome: result.observed };
    } catch (error) {
      update = { state: 'verify-failed', outcome: `could not re-read: ${errorText(error)}` };
    }
    await recordItem(
      req.store,
      plan,
      item.ordinal,
      { ...update, column: 'verified_at' },
      {
        actor: req.actor,
        actorTokenId: req.actorTokenId,
        action: 'remediation.verify',
        at: req.now().toISOString(),
        detail: { action: item.actionId, target: item.target.label },
      },
    );
  }
  return outcomes(req.store, plan);
}

/** Applies the inverse of every applied item, last first; items without an inverse are reported, not touched. */
export async function rollbackPlan(req: StepRequest): Promise<ItemOutcome[]> {
  const plan = await loadPlan(req.store, req.planId);
  await requireApproval(req.store, plan);
  const states = await itemStates(req.store, plan.id);
  for (const item of [...plan.content.items].reverse()) {
    const state = states.get(item.ordinal)?.state;
    if (item.rotation && undoable(state)) await undoRotation(req, plan, item);
    else if (APPLIED.has(state ?? '')) await rollbackItem(req, plan, item);
  }
  await setPlanStatus(req.store, plan.id, 'rolled-back');
  return outcomes(req.store, plan);
}

async function rollbackItem(req: StepRequest, plan: StoredPlan, item: PlanItem) {
  const audit = {
    actor: req.actor,
    actorTokenId: req.actorTokenId,
    action: 'remediation.rollback',
    at: req.now().toISOString(),
    detail: { action: item.actionId, inverse: item.inverse, target: item.target.label },
  };
  if (!item.inverse)
    return recordItem(
      req.store,
      plan,
      item.ordinal,
      { state: 'no-inverse', outcome: `not undone: ${item.noInverse}` },
      audit,
    );
  const inverse = actionOf(req.runner, item.inverse);
  const ctx = req.runner.context(item.target.platform, item.target.tenant);
  try {
    const before = await inverse.verify(ctx, item.target);
    if (!before.ok) await inverse.apply(ctx, item.target);
    const after = await inverse.verify(ctx, item.target);
    const update = after.ok
      ? { state: 'rolled-back', outcome: `${item.inverse}: ${after.observed}`, column: 'rolled_back_at' as const }
      : { state: 'rollback-failed', outcome: `${item.inverse} applied but the vendor shows ${after.observed}` };
    await recordItem(req.store, plan, item.ordinal, update, { ...audit, at: req.now().toISOString() });
  } catch (error) {
    await recordItem(req.store, plan, item.ordinal, { state: 'rollback-failed', outcome: errorText(error) }, audit);
  }
}

function actionOf(runner: ActionRunner, id: string): RemediationAction {
  const action = runner.action(id);
  if (!action)
    throw new RemediationRefused(`action ${id} is not registered in this Steward (plan made by another version?)`);
  return action;
}

async function outcomes(store: Store, plan: StoredPlan): Promise<ItemOutcome[]> {
  const states = await itemStates(store, plan.id);
  return plan.content.items.map((item) => ({
    ordinal: item.ordinal,
    label: item.target.label,
    state: states.get(item.ordinal)?.state ?? 'pending',
    outcome: states.get(item.ordinal)?.outcome ?? null,
  }));
}
