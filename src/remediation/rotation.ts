import { existsSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../lib/errors.js';
import type { Store } from '../store/index.js';
import type { ActionContext, ActionTarget, DeliverSecret, RemediationAction } from './action.js';
import { errorText, RemediationRefused } from './canonical.js';
import type { PlanItem, PlanRequest } from './plan.js';
import { type ItemState, recordItem, type StoredPlan } from './plans-store.js';
import type { StepRequest } from './workflow.js';

/**
 * Rotations: actions whose change spans time. The first apply makes the replacement credential and writes its secret,
 * once, to the file the plan names (created 0600, never overwritten); the store, the plan and the audit log get the
 * replacement's id only. The first apply after the plan's grace period retires the old credential (the action's
 * `apply`). Until then rollback makes the old credential usable again and deletes the replacement.
 *
 * The replacement's id is read back from the item's audit rows (append-only and hash-chained), so a rotation needs no
 * state of its own; the grace runs from the item's `applied_at`, which phase 1 sets.
 */

export const AWAITING_GRACE = 'awaiting-grace';

/** Gives each rotation item its delivery file and grace; refuses a rotation planned without them. */
export function planRotations(items: PlanItem[], request: PlanRequest, rotates: (actionId: string) => boolean) {
  const rotations = items.filter((i) => rotates(i.actionId));
  if (rotations.length === 0) return;
  const wanted = request.rotation;
  const ids = [...new Set(rotations.map((i) => i.actionId))].join(', ');
  if (!wanted)
    throw new UserError(
      `${ids} rotates a secret: name the file its new secret is written to (--deliver-to FILE) and the grace period before the old one is deleted (--grace, e.g. 7d)`,
    );
  if (!Number.isFinite(wanted.graceSeconds) || wanted.graceSeconds < 0)
    throw new UserError(`the grace period must be 0 or more seconds, not ${wanted.graceSeconds}`);
  const base = resolve(wanted.deliverTo);
  for (const item of rotations) {
    const deliverTo = rotations.length === 1 ? base : `${base}.${item.ordinal}`;
    if (existsSync(deliverTo))
      throw new UserError(`${deliverTo} exists: a new secret is written only to a file that does not exist yet`);
    item.rotation = { deliverTo, graceSeconds: wanted.graceSeconds };
  }
}

/**
 * One apply of a rotation item: phase 1 when no replacement is recorded; nothing (no vendor call) while the grace
 * runs; then `phase2` (the workflow's ordinary verify-then-apply) with the replacement's id in the target.
 */
export async function rotateItem(
  req: StepRequest,
  plan: StoredPlan,
  item: PlanItem,
  state: ItemState | undefined,
  detail: Record<string, unknown>,
  phase2: (target: ActionTarget) => Promise<void>,
): Promise<void> {
  const newKeyId = await recordedReplacement(req.store, plan.id, item.ordinal);
  if (!newKeyId) return startRotation(req, plan, item, detail);
  const started = state?.appliedAt ? Date.parse(state.appliedAt) : Number.NaN;
  if (!(req.now().getTime() >= started + graceOf(item) * 1000)) return;
  return phase2(withReplacement(item.target, newKeyId));
}

async function startRotation(req: StepRequest, plan: StoredPlan, item: PlanItem, detail: Record<string, unknown>) {
  const { action, ctx } = rotationOf(req, item);
  const deliverTo = item.rotation?.deliverTo ?? '';
  const at = req.now().toISOString();
  const audit = (extra: Record<string, unknown>) => ({
    actor: req.actor,
    actorTokenId: req.actorTokenId,
    action: 'remediation.apply',
    at,
    detail: { ...detail, action: item.actionId, target: item.target.label, phase: 1, ...extra },
  });
  try {
    const newKeyId = await deliverOnce(deliverTo, (deliver) => action.rotation!.start(ctx, item.target, deliver));
    const graceUntil = new Date(Date.parse(at) + graceOf(item) * 1000).toISOString();
    await recordItem(
      req.store,
      plan,
      item.ordinal,
      {
        state: AWAITING_GRACE,
        outcome: `phase 1: new credential ${newKeyId} delivered to ${deliverTo}; the old one is retired by the first apply after ${graceUntil}`,
        column: 'applied_at',
      },
      audit({ newKeyId, deliveredTo: deliverTo, graceUntil }),
    );
  } catch (error) {
    await recordItem(req.store, plan, item.ordinal, { state: 'failed', outcome: errorText(error) }, audit({}));
  }
}

/** `verify` of an item in its grace period: both credentials are there and the old one still works. */
export async function verifyRotationStart(req: StepRequest, plan: StoredPlan, item: PlanItem, state: ItemState) {
  const { action, ctx } = rotationOf(req, item);
  const newKeyId = await recordedReplacement(req.store, plan.id, item.ordinal);
  let outcome: string;
  try {
    if (!newKeyId) throw new Error('no replacement recorded in the audit log');
    const result = await action.rotation!.verifyStarted(ctx, withReplacement(item.target, newKeyId));
    outcome = `phase 1 ${result.ok ? 'verified' : 'NOT as left'}: ${result.observed}`;
  } catch (error) {
    outcome = `phase 1 could not be re-read: ${errorText(error)}`;
  }
  const started = state.appliedAt ? Date.parse(state.appliedAt) : Number.NaN;
  const until = Number.isNaN(started) ? 'an unknown time' : new Date(started + graceOf(item) * 1000).toISOString();
  await recordItem(
    req.store,
    plan,
    item.ordinal,
    {
      state: AWAITING_GRACE,
      outcome: `${outcome}; the old one is retired by the first apply after ${until}`,
      column: 'verified_at',
    },
    {
      actor: req.actor,
      actorTokenId: req.actorTokenId,
      action: 'remediation.verify',
      at: req.now().toISOString(),
      detail: { action: item.actionId, target: item.target.label, phase: 1 },
    },
  );
}

/** Whether rollback undoes this rotation item: a replacement exists and the old credential was not deleted. */
export const undoable = (state: string | undefined) => state === AWAITING_GRACE || state === 'failed';

/** Rollback of a rotation before its old credential is deleted: the old one usable again, the replacement deleted. */
export async function undoRotation(req: StepRequest, plan: StoredPlan, item: PlanItem): Promise<void> {
  const newKeyId = await recordedReplacement(req.store, plan.id, item.ordinal);
  if (!newKeyId) return; // phase 1 failed before creating anything: nothing to undo
  const { action, ctx } = rotationOf(req, item);
  let update: { state: string; outcome: string; column?: 'rolled_back_at' };
  try {
    const result = await action.rotation!.undo(ctx, withReplacement(item.target, newKeyId));
    update = result.ok
      ? { state: 'rolled-back', outcome: `rotation undone: ${result.observed}`, column: 'rolled_back_at' }
      : { state: 'rollback-failed', outcome: `rotation undone but the vendor shows ${result.observed}` };
  } catch (error) {
    update = { state: 'rollback-failed', outcome: errorText(error) };
  }
  await recordItem(req.store, plan, item.ordinal, update, {
    actor: req.actor,
    actorTokenId: req.actorTokenId,
    action: 'remediation.rollback',
    at: req.now().toISOString(),
    detail: { action: item.actionId, target: item.target.label, undone: newKeyId },
  });
}

/** The replacement phase 1 made, as its audit row recorded it; null before phase 1 succeeded. */
export async function recordedReplacement(store: Store, planId: string, ordinal: number): Promise<string | null> {
  const rows = await store.db
    .selectFrom('audit_log')
    .select('detail')
    .where('target', '=', `${planId}#${ordinal}`)
    .where('action', '=', 'remediation.apply')
    .orderBy('seq', 'desc')
    .execute();
  for (const row of rows) {
    const detail = JSON.parse(row.detail) as { newKeyId?: unknown };
    if (typeof detail.newKeyId === 'string') return detail.newKeyId;
  }
  return null;
}

/**
 * Opens the delivery file (created 0600, refusing to overwrite) BEFORE the vendor makes the secret, so a secret is
 * never created with nowhere to go; the file is removed again when nothing was written to it.
 */
export async function deliverOnce(path: string, start: (deliver: DeliverSecret) => Promise<string>) {
  const handle = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      error.code === 'EEXIST'
        ? `${path} exists: refusing to overwrite it (an earlier apply may have written a new secret there; check the vendor for a credential Steward created before removing the file)`
        : `cannot create ${path} for the new secret (${error.code ?? error.message})`,
    );
  });
  let written = false;
  try {
    return await start(async (fields) => {
      await handle.writeFile(
        Object.entries(fields)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      await handle.sync();
      written = true;
    });
  } finally {
    await handle.close();
    if (!written) await unlink(path).catch(() => undefined);
  }
}

/** The item's target as `verify` takes it: with the replacement's id for a rotation. */
export async function targetOf(store: Store, planId: string, item: PlanItem): Promise<ActionTarget> {
  if (!item.rotation) return item.target;
  const newKeyId = await recordedReplacement(store, planId, item.ordinal);
  return newKeyId ? withReplacement(item.target, newKeyId) : item.target;
}

const graceOf = (item: PlanItem) => item.rotation?.graceSeconds ?? 0;

const withReplacement = (target: ActionTarget, newKeyId: string): ActionTarget => ({
  ...target,
  params: { ...target.params, newKeyId },
});

function rotationOf(req: StepRequest, item: PlanItem): { action: RemediationAction; ctx: ActionContext } {
  const action = req.runner.action(item.actionId);
  if (!action?.rotation)
    throw new RemediationRefused(`action ${item.actionId} is not a registered rotation in this Steward`);
  return { action, ctx: req.runner.context(item.target.platform, item.target.tenant) };
}
