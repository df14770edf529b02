import { sql } from 'kysely';
import { UserError } from '../../lib/errors.js';
import { appendAudit, type Store } from '../../store/index.js';
import { type AssigneeKind, loadCampaign } from './campaign.js';

export const DECISIONS = ['keep', 'revoke', 'reassign'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface ReviewTask {
  campaignId: string;
  identityId: string;
  identityName: string;
  platform: string;
  tenant: string;
  owner: string | null;
  assignee: string;
  assigneeKind: AssigneeKind;
  orphanReason: string | null;
  decision: Decision | null;
  reassignTo: string | null;
  reason: string | null;
  attestedBy: string | null;
  attestedAt: string | null;
  remindedAt: string | null;
  escalatedTo: string | null;
  escalatedAt: string | null;
}

type TaskRow = Awaited<ReturnType<typeof taskQuery>>[number];
const taskQuery = (store: Store) => store.db.selectFrom('review_tasks').selectAll().execute();

const toTask = (r: TaskRow): ReviewTask => ({
  campaignId: r.campaign_id,
  identityId: r.identity_id,
  identityName: r.identity_name,
  platform: r.platform,
  tenant: r.tenant,
  owner: r.owner,
  assignee: r.assignee,
  assigneeKind: r.assignee_kind as AssigneeKind,
  orphanReason: r.orphan_reason,
  decision: r.decision as Decision | null,
  reassignTo: r.reassign_to,
  reason: r.reason,
  attestedBy: r.attested_by,
  attestedAt: r.attested_at,
  remindedAt: r.reminded_at,
  escalatedTo: r.escalated_to,
  escalatedAt: r.escalated_at,
});

/** Tasks of one campaign, or of every campaign; only one assignee's when `assignee` is given (case-insensitive). */
export async function listTasks(
  store: Store,
  filter: { campaignId?: string; assignee?: string; pending?: boolean },
): Promise<ReviewTask[]> {
  let q = store.db.selectFrom('review_tasks').selectAll();
  if (filter.campaignId) q = q.where('campaign_id', '=', filter.campaignId);
  if (filter.assignee) q = q.where(sql`lower(assignee)`, '=', filter.assignee.toLowerCase());
  if (filter.pending) q = q.where('decision', 'is', null);
  const rows = await q.orderBy('campaign_id').orderBy('identity_id').execute();
  return rows.map(toTask);
}

/** Every campaign with its task counts, newest first. */
export async function listCampaigns(store: Store) {
  const rows = await store.db
    .selectFrom('review_campaigns as c')
    .leftJoin('review_tasks as t', 't.campaign_id', 'c.id')
    .select(['c.id', 'c.name', 'c.created_at', 'c.created_by', 'c.deadline', 'c.status'])
    .select((eb) => [eb.fn.count<number>('t.identity_id').as('tasks'), eb.fn.count<number>('t.decision').as('decided')])
    .groupBy(['c.id', 'c.name', 'c.created_at', 'c.created_by', 'c.deadline', 'c.status'])
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, tasks: Number(r.tasks), decided: Number(r.decided) }));
}

export interface Attestation {
  campaign: string;
  identityId: string;
  decision: Decision;
  /** The person an identity is handed to (reassign only). */
  reassignTo?: string | null;
  reason?: string | null;
  /** Who attests: must be the task's assignee or one of the campaign's admins, unless `asAdmin`. */
  attester: string;
  /** An API admin token: may attest any task. */
  asAdmin?: boolean;
  /** The teams the attester belongs to (from the people sources): lets a member attest a team-owned task. */
  attesterTeams?: string[];
  actorTokenId?: string | null;
  now: Date;
}

/** Records a decision on one task (a later attestation replaces an earlier one while the campaign is open). */
export async function attest(store: Store, a: Attestation): Promise<ReviewTask> {
  if (!(DECISIONS as readonly string[]).includes(a.decision))
    throw new UserError(`decision "${a.decision}": expected one of ${DECISIONS.join(', ')}`);
  const reassignTo = a.reassignTo?.trim() || null;
  if (a.decision === 'reassign' && !reassignTo) throw new UserError('reassign needs the new owner (--to PERSON)');
  if (a.decision !== 'reassign' && reassignTo) throw new UserError(`--to goes with reassign, not ${a.decision}`);
  if (reassignTo && !/^[^@\s]+@[^@\s]+$|^team:\S/.test(reassignTo))
    throw new UserError(`--to ${reassignTo}: expected the new owner's e-mail or team:NAME`);
  const campaign = await loadCampaign(store, a.campaign);
  if (campaign.status !== 'open') throw new UserError(`review campaign ${campaign.name} is closed`, 5);
  const [task] = (await listTasks(store, { campaignId: campaign.id })).filter((t) => t.identityId === a.identityId);
  if (!task) throw new UserError(`review campaign ${campaign.name} has no task for identity ${a.identityId}`);
  if (!mayAttest(task, campaign.admins, a))
    throw new UserError(
      `${a.attester} may not attest ${a.identityId}: it is assigned to ${task.assignee} (or a campaign admin: ${campaign.admins.join(', ')})`,
      5,
    );
  const at = a.now.toISOString();
  const reason = a.reason?.trim() || null;
  await store.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('review_tasks')
      .set({ decision: a.decision, reassign_to: reassignTo, reason, attested_by: a.attester, attested_at: at })
      .where('campaign_id', '=', campaign.id)
      .where('identity_id', '=', a.identityId)
      .execute();
    await appendAudit(tx, {
      actorTokenId: a.actorTokenId ?? null,
      actorName: a.attester,
      action: 'review.attest',
      target: `${campaign.id}#${a.identityId}`,
      detail: { decision: a.decision, reassignTo, reason, assignee: task.assignee, previous: task.decision },
      at,
    });
  });
  return { ...task, decision: a.decision, reassignTo, reason, attestedBy: a.attester, attestedAt: at };
}

function mayAttest(task: ReviewTask, admins: string[], a: Attestation): boolean {
  const who = a.attester.toLowerCase();
  if (a.asAdmin || admins.some((x) => x.toLowerCase() === who)) return true;
  if (task.assignee.toLowerCase() === who) return true;
  if (task.assigneeKind !== 'team') return false;
  const team = task.assignee.slice('team:'.length).toLowerCase();
  return (a.attesterTeams ?? []).some((t) => t.toLowerCase() === team);
}
