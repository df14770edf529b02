import { createHash } from 'node:crypto';
import { DAY_MS } from '../../lib/clock.js';
import type { Severity } from '../../model/index.js';
import { appendAudit, type Store } from '../../store/index.js';
import { loadCampaign, type ReviewCampaign } from './campaign.js';
import { listTasks, type ReviewTask } from './tasks.js';

/** Who manages a person, from the people sources; null when no source records one. */
export type ManagerLookup = (email: string) => string | null;

export interface Reminder {
  campaign: ReviewCampaign;
  task: ReviewTask;
  /** due-soon: the deadline is within the window; overdue: it has passed (escalated to the owner's manager). */
  state: 'due-soon' | 'overdue';
  /** The manager an overdue task is escalated to; null when there is none (then `note` says why). */
  escalateTo: string | null;
  note: string | null;
}

export interface RemindRequest {
  /** One campaign (id or name); every open campaign when absent. */
  campaign?: string;
  now: Date;
  /** Tasks whose deadline is within this many days count as due soon. */
  dueWithinDays: number;
  managerOf: ManagerLookup;
  actor: string;
  /** The API token that runs it (null from the CLI), for the audit rows. */
  actorTokenId?: string | null;
  /** List only: mark nothing (no reminded/escalated time, no audit row). */
  dryRun?: boolean;
}

/** Lists undecided tasks due soon or overdue, and (unless dryRun) marks them reminded / escalated, audited. */
export async function remind(store: Store, req: RemindRequest): Promise<Reminder[]> {
  const campaigns = req.campaign ? [await loadCampaign(store, req.campaign)] : await openCampaigns(store);
  const out: Reminder[] = [];
  for (const campaign of campaigns.filter((c) => c.status === 'open')) {
    const deadline = Date.parse(campaign.deadline);
    const overdue = req.now.getTime() > deadline;
    if (!overdue && deadline - req.now.getTime() > req.dueWithinDays * DAY_MS) continue;
    for (const task of await listTasks(store, { campaignId: campaign.id, pending: true }))
      out.push(
        overdue
          ? escalation(campaign, task, req.managerOf)
          : { campaign, task, state: 'due-soon', escalateTo: null, note: null },
      );
  }
  if (!req.dryRun) await markReminded(store, out, req);
  return out;
}

async function openCampaigns(store: Store): Promise<ReviewCampaign[]> {
  const rows = await store.db.selectFrom('review_campaigns').select('id').where('status', '=', 'open').execute();
  return Promise.all(rows.map((r) => loadCampaign(store, r.id)));
}

function escalation(campaign: ReviewCampaign, task: ReviewTask, managerOf: ManagerLookup): Reminder {
  const base = { campaign, task, state: 'overdue' as const };
  if (task.assigneeKind === 'team')
    return {
      ...base,
      escalateTo: null,
      note: `assigned to ${task.assignee}: a team has no manager in the people sources`,
    };
  // The owner's manager; for an orphan whose owner left, that person's manager still knows what it was for.
  const person = [task.owner, task.assignee].find((x) => x?.includes('@'))?.toLowerCase();
  const manager = person ? managerOf(person) : null;
  if (manager) return { ...base, escalateTo: manager, note: null };
  return { ...base, escalateTo: null, note: `no people source records a manager for ${person ?? task.assignee}` };
}

async function markReminded(store: Store, reminders: Reminder[], req: RemindRequest): Promise<void> {
  const at = req.now.toISOString();
  for (const r of reminders)
    await store.db.transaction().execute(async (tx) => {
      const set =
        r.state === 'overdue' ? { reminded_at: at, escalated_to: r.escalateTo, escalated_at: at } : { reminded_at: at };
      await tx
        .updateTable('review_tasks')
        .set(set)
        .where('campaign_id', '=', r.campaign.id)
        .where('identity_id', '=', r.task.identityId)
        .execute();
      await appendAudit(tx, {
        actorTokenId: req.actorTokenId ?? null,
        actorName: req.actor,
        action: r.state === 'overdue' ? 'review.escalate' : 'review.remind',
        target: `${r.campaign.id}#${r.task.identityId}`,
        detail: { assignee: r.task.assignee, escalateTo: r.escalateTo, note: r.note, deadline: r.campaign.deadline },
        at,
      });
    });
}

/** A channel-neutral message (the notifications layer sends it by webhook, Slack or e-mail). */
export interface ReviewNotification {
  kind: 'review-task';
  severity: Severity;
  title: string;
  lines: string[];
  link?: string;
}

/**
 * One notification per recipient and campaign: the assignee for due-soon tasks, the manager (or, with none, the
 * fallback reviewer or the campaign's creator, told why) for overdue ones. `linkBase` is the dashboard's URL, if any.
 */
export function reviewNotifications(reminders: Reminder[], linkBase?: string): ReviewNotification[] {
  const groups = new Map<string, Reminder[]>();
  for (const r of reminders) {
    const to = recipientOf(r);
    const key = `${r.campaign.id}\0${r.state}\0${to}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => notification(rs, linkBase));
}

const recipientOf = (r: Reminder): string =>
  r.state === 'due-soon' ? r.task.assignee : (r.escalateTo ?? r.campaign.fallbackReviewer ?? r.campaign.createdBy);

function notification(rs: Reminder[], linkBase?: string): ReviewNotification {
  const [first] = rs as [Reminder, ...Reminder[]];
  const { campaign } = first;
  const to = recipientOf(first);
  const overdue = first.state === 'overdue';
  const title = overdue
    ? `Access review "${campaign.name}": ${rs.length} task(s) overdue since ${campaign.deadline.slice(0, 10)}, escalated to ${to}`
    : `Access review "${campaign.name}": ${rs.length} task(s) for ${to} due ${campaign.deadline.slice(0, 10)}`;
  const lines = [
    `to: ${to}`,
    ...rs.map((r) =>
      [`${r.task.identityName} (${r.task.identityId})`, `assignee ${r.task.assignee}`, r.note]
        .filter(Boolean)
        .join(' · '),
    ),
    `attest: steward review attest ${campaign.name} IDENTITY keep|revoke|reassign --to PERSON`,
  ];
  const link = linkBase ? `${linkBase.replace(/\/$/, '')}/reviews/${encodeURIComponent(campaign.id)}` : undefined;
  return { kind: 'review-task', severity: overdue ? 'high' : 'medium', title, lines, ...(link ? { link } : {}) };
}

/**
 * The notifications as events for the notifications layer: the subject names exactly these tasks (a digest of the
 * lines), so a re-run that reminds the same tasks again is not sent twice, and a new reminder is.
 */
export const reviewNotificationEvents = (reminders: Reminder[], linkBase?: string) =>
  reviewNotifications(reminders, linkBase).map((n) => ({
    ...n,
    subject: createHash('sha256').update(n.lines.join('\n')).digest('hex'),
  }));
