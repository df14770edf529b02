import { appendAudit, type Store } from '../store/index.js';
import { UserError } from '../lib/errors.js';
import { canonicalJson } from './canonical.js';
import { contentHash, type Plan, type PlanContent } from './plan.js';

/** Plans, item states and approvals in the store (migration 009); every change appends to the audit chain. */

export type PlanStatus = 'planned' | 'approved' | 'applying' | 'applied' | 'rolled-back';

export interface StoredPlan extends Plan {
  status: PlanStatus;
  /** What the stored content hashes to now: differs from `contentHash` when the row was changed after planning. */
  actualHash: string;
}

export interface ItemState {
  ordinal: number;
  state: string;
  outcome: string | null;
  appliedAt: string | null;
  verifiedAt: string | null;
  rolledBackAt: string | null;
}

export async function savePlan(store: Store, plan: Plan, plannerTokenId: string | null = null): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('remediation_plans')
      .values({
        id: plan.id,
        created_at: plan.content.createdAt,
        created_by: plan.content.planner,
        origin: plan.content.origin,
        content: canonicalJson(plan.content),
        content_hash: plan.contentHash,
        status: 'planned',
      })
      .execute();
    await tx
      .insertInto('remediation_items')
      .values(
        plan.content.items.map((item) => ({
          plan_id: plan.id,
          ordinal: item.ordinal,
          state: item.blocked ? 'blocked' : 'pending',
          outcome: item.blocked ? `blocked by the dependency check: ${item.usage?.detail ?? ''}` : null,
          applied_at: null,
          verified_at: null,
          rolled_back_at: null,
        })),
      )
      .execute();
    await appendAudit(tx, {
      actorTokenId: plannerTokenId,
      actorName: plan.content.planner,
      action: 'remediation.plan',
      target: plan.id,
      detail: {
        contentHash: plan.contentHash,
        origin: plan.content.origin,
        items: plan.content.items.length,
        blocked: plan.content.items.filter((i) => i.blocked).length,
        forced: plan.content.force?.reason ?? null,
      },
      at: plan.content.createdAt,
    });
  });
}

export async function loadPlan(store: Store, id: string): Promise<StoredPlan> {
  const row = await store.db.selectFrom('remediation_plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new UserError(`no remediation plan ${id} (see \`steward remediate list\`)`);
  let content: PlanContent;
  try {
    content = JSON.parse(row.content) as PlanContent;
  } catch {
    throw new UserError(`remediation plan ${id}: its stored content is not JSON (changed outside Steward?)`, 5);
  }
  return {
    id: row.id,
    content,
    contentHash: row.content_hash,
    actualHash: contentHash(content),
    status: row.status as PlanStatus,
  };
}

export async function listPlans(store: Store) {
  return store.db
    .selectFrom('remediation_plans')
    .select(['id', 'created_at', 'created_by', 'origin', 'status'])
    .orderBy('created_at', 'desc')
    .execute();
}

export async function itemStates(store: Store, planId: string): Promise<Map<number, ItemState>> {
  const rows = await store.db
    .selectFrom('remediation_items')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  return new Map(
    rows.map((r) => [
      r.ordinal,
      {
        ordinal: r.ordinal,
        state: r.state,
        outcome: r.outcome,
        appliedAt: r.applied_at,
        verifiedAt: r.verified_at,
        rolledBackAt: r.rolled_back_at,
      },
    ]),
  );
}

export interface ItemUpdate {
  state: string;
  outcome: string | null;
  column?: 'applied_at' | 'verified_at' | 'rolled_back_at';
}

/** Sets one item's state and appends the step to the audit chain, in one transaction. */
export async function recordItem(
  store: Store,
  plan: Plan,
  ordinal: number,
  update: ItemUpdate,
  audit: { actor: string; actorTokenId?: string | null; action: string; at: string; detail: Record<string, unknown> },
): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('remediation_items')
      .set({ state: update.state, outcome: update.outcome, ...(update.column ? { [update.column]: audit.at } : {}) })
      .where('plan_id', '=', plan.id)
      .where('ordinal', '=', ordinal)
      .execute();
    await appendAudit(tx, {
      actorTokenId: audit.actorTokenId ?? null,
      actorName: audit.actor,
      action: audit.action,
      target: `${plan.id}#${ordinal}`,
      detail: { ...audit.detail, state: update.state, outcome: update.outcome },
      at: audit.at,
    });
  });
}

export async function setPlanStatus(store: Store, planId: string, status: PlanStatus): Promise<void> {
  await store.db.updateTable('remediation_plans').set({ status }).where('id', '=', planId).execute();
}
