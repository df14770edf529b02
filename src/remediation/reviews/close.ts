import { UserError } from '../../lib/errors.js';
import { appendAudit, type Store } from '../../store/index.js';
import type { RemediationAction } from '../action.js';
import { buildPlan, contentHash, type Plan } from '../plan.js';
import { loadPlan, savePlan } from '../plans-store.js';
import { loadCampaign } from './campaign.js';
import { listTasks, type ReviewTask } from './tasks.js';

/** Records a new owner for identities (the ownership layer's manual assignment); handed in by the surface. */
export type Reassign = (identityIds: string[], to: string, note: string) => Promise<void>;

export interface CloseRequest {
  campaign: string;
  actor: string;
  /** The API token that closes it (null from the CLI), for the audit rows of the close and of the plan. */
  actorTokenId?: string | null;
  now: Date;
  /** The actions a revoke may use; as `remediate plan` does by default: every disruptive action. */
  actions: readonly RemediationAction[];
  dependencyDays: number;
  reassign: Reassign;
}

export interface CloseResult {
  planId: string | null;
  /** Revoked identities no action applies to (or the plan was empty), to be removed by hand. */
  revokeWithoutAction: string[];
  reassigned: Array<{ identityId: string; to: string }>;
  kept: number;
  undecided: number;
}

/**
 * Closes a campaign: every `revoke` becomes one remediation plan (approval by another person still required before
 * anything is applied) and every `reassign` an ownership assignment. Undecided tasks stay undecided in the report.
 */
export async function closeCampaign(store: Store, req: CloseRequest): Promise<CloseResult> {
  const campaign = await loadCampaign(store, req.campaign);
  if (campaign.status !== 'open') throw new UserError(`review campaign ${campaign.name} is already closed`);
  const tasks = await listTasks(store, { campaignId: campaign.id });
  const revoked = tasks.filter((t) => t.decision === 'revoke');
  const plan = revoked.length
    ? ((await earlierPlan(store, campaign.name)) ?? (await revokePlan(store, campaign.name, revoked, req)))
    : null;
  const planned = new Set(plan?.content.items.map((i) => i.target.identityId) ?? []);
  const reassigned = await applyReassignments(tasks, campaign.name, req.reassign);
  const result: CloseResult = {
    planId: plan?.id ?? null,
    revokeWithoutAction: revoked.filter((t) => !planned.has(t.identityId)).map((t) => t.identityId),
    reassigned,
    kept: tasks.filter((t) => t.decision === 'keep').length,
    undecided: tasks.filter((t) => t.decision === null).length,
  };
  const at = req.now.toISOString();
  await store.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('review_campaigns')
      .set({ status: 'closed', closed_at: at, closed_by: req.actor, results: JSON.stringify(result) })
      .where('id', '=', campaign.id)
      .execute();
    await appendAudit(tx, {
      actorTokenId: req.actorTokenId ?? null,
      actorName: req.actor,
      action: 'review.close',
      target: campaign.id,
      detail: { ...result, revoked: revoked.length },
      at,
    });
  });
  return result;
}

async function revokePlan(store: Store, name: string, revoked: ReviewTask[], req: CloseRequest): Promise<Plan | null> {
  let plan: Plan;
  try {
    plan = await buildPlan(store, {
      selection: { identityIds: revoked.map((t) => t.identityId) },
      actions: req.actions,
      planner: req.actor,
      now: req.now,
      dependencyDays: req.dependencyDays,
      force: null,
    });
  } catch (error) {
    if (error instanceof UserError && /^nothing to plan/.test(error.message)) return null;
    throw error;
  }
  // The origin is part of the signed content, so the hash is taken again after naming the campaign in it.
  const content = { ...plan.content, origin: `${originPrefix(name)}${plan.content.origin}` };
  const stamped = { ...plan, content, contentHash: contentHash(content) };
  await savePlan(store, stamped, req.actorTokenId ?? null);
  return stamped;
}

const originPrefix = (name: string) => `access review ${name}: `;

/** The plan an interrupted close already made (closing again must not plan the same revocations twice). */
async function earlierPlan(store: Store, name: string): Promise<Plan | null> {
  const rows = await store.db
    .selectFrom('remediation_plans')
    .select(['id', 'origin'])
    .where('origin', 'like', 'access review %')
    .execute();
  const row = rows.find((r) => r.origin.startsWith(originPrefix(name)));
  return row ? loadPlan(store, row.id) : null;
}

async function applyReassignments(tasks: ReviewTask[], name: string, reassign: Reassign) {
  const byTarget = new Map<string, string[]>();
  for (const t of tasks.filter((x) => x.decision === 'reassign' && x.reassignTo)) {
    const to = (t.reassignTo as string).toLowerCase();
    byTarget.set(to, [...(byTarget.get(to) ?? []), t.identityId]);
  }
  const out: Array<{ identityId: string; to: string }> = [];
  for (const [to, ids] of byTarget) {
    await reassign(ids, to, `access review ${name}`);
    for (const identityId of ids) out.push({ identityId, to });
  }
  return out;
}
