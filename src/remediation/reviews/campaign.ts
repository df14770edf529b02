import { randomUUID } from 'node:crypto';
import { UserError } from '../../lib/errors.js';
import { appendAudit, type IdentityView, type Store } from '../../store/index.js';
import { type PlanSelection, selectIdentities } from '../plan.js';

/** Which identities a campaign reviews: the plan selection (platform, tenant, rule, vendor, text) and an owner team. */
export interface ReviewScope extends Omit<PlanSelection, 'findingId' | 'identityIds'> {
  /** Identities whose attributed owning team is this (case-insensitive). */
  ownerTeam?: string;
}

export type AssigneeKind = 'owner' | 'team' | 'fallback';

export interface ReviewCampaign {
  id: string;
  name: string;
  scope: ReviewScope;
  createdAt: string;
  createdBy: string;
  deadline: string;
  fallbackReviewer: string | null;
  admins: string[];
  status: 'open' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  results: unknown;
}

export interface StartRequest {
  name: string;
  scope: ReviewScope;
  deadline: Date;
  /** Who reviews identities nobody current owns; required when the scope has any. */
  fallbackReviewer: string | null;
  /** People who may attest any task of the campaign (the creator is always one). */
  admins: string[];
  createdBy: string;
  /** The API token that started it (null from the CLI), for the audit row. */
  actorTokenId?: string | null;
  now: Date;
}

interface NewTask {
  identityId: string;
  name: string;
  platform: string;
  tenant: string;
  owner: string | null;
  assignee: string;
  kind: AssigneeKind;
  orphanReason: string | null;
}

/** Creates a campaign and one task per identity in scope, assigned to its owner (orphans to the fallback reviewer). */
export async function startCampaign(store: Store, req: StartRequest): Promise<ReviewCampaign> {
  if (!req.name.trim()) throw new UserError('a review campaign needs a name (--name)');
  if (req.deadline.getTime() <= req.now.getTime())
    throw new UserError(`the deadline ${req.deadline.toISOString()} is not after now (${req.now.toISOString()})`);
  if (await findCampaignRow(store, req.name)) throw new UserError(`a review campaign named "${req.name}" exists`);
  const identities = await scopeIdentities(store, req.scope);
  if (identities.length === 0) throw new UserError(`the scope ${describeScope(req.scope)} selects no identity`);
  const orphans = await orphanReasons(
    store,
    identities.map((i) => i.id),
  );
  const fallback = req.fallbackReviewer?.trim() || null;
  const tasks = identities.map((i) => newTask(i, orphans.get(i.id) ?? null, fallback ?? ''));
  const unassigned = tasks.filter((t) => t.kind === 'fallback').length;
  if (unassigned > 0 && !fallback)
    throw new UserError(
      `${unassigned} of ${tasks.length} identities in scope have no current owner: name who reviews them with --fallback-reviewer`,
    );
  const campaign: ReviewCampaign = {
    id: `review-${randomUUID().slice(0, 8)}`,
    name: req.name.trim(),
    scope: req.scope,
    createdAt: req.now.toISOString(),
    createdBy: req.createdBy,
    deadline: req.deadline.toISOString(),
    fallbackReviewer: fallback,
    admins: [...new Set([req.createdBy, ...req.admins])],
    status: 'open',
    closedAt: null,
    closedBy: null,
    results: null,
  };
  await saveCampaign(store, campaign, tasks, req.actorTokenId ?? null);
  return campaign;
}

async function scopeIdentities(store: Store, scope: ReviewScope): Promise<IdentityView[]> {
  const views = (await selectIdentities(store, scope)) as IdentityView[];
  if (!scope.ownerTeam) return views;
  const team = scope.ownerTeam.toLowerCase();
  return views.filter((v) => v.owner?.team?.toLowerCase() === team);
}

/** identity id → why nobody current owns it (`ownership.orphan`); an identity not yet attributed counts as no owner. */
async function orphanReasons(store: Store, ids: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>(ids.map((id) => [id, 'ownership not computed yet']));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db
      .selectFrom('ownership')
      .select(['identity_id', 'orphan', 'orphan_reason'])
      .where('identity_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.identity_id, r.orphan ? (r.orphan_reason ?? 'no_owner') : null);
  }
  return out;
}

function newTask(identity: IdentityView, orphanReason: string | null, fallback: string): NewTask {
  const o = identity.owner;
  const owner = o ? (o.email ?? (o.team ? `team:${o.team}` : (o.login ?? null))) : null;
  const base = { identityId: identity.id, name: identity.name, platform: identity.platform, tenant: identity.tenant };
  if (orphanReason || !owner) return { ...base, owner, assignee: fallback, kind: 'fallback', orphanReason };
  return { ...base, owner, assignee: owner, kind: owner.startsWith('team:') ? 'team' : 'owner', orphanReason: null };
}

async function saveCampaign(
  store: Store,
  c: ReviewCampaign,
  tasks: NewTask[],
  actorTokenId: string | null,
): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('review_campaigns')
      .values({
        id: c.id,
        name: c.name,
        scope: JSON.stringify(c.scope),
        created_at: c.createdAt,
        created_by: c.createdBy,
        deadline: c.deadline,
        fallback_reviewer: c.fallbackReviewer,
        admins: JSON.stringify(c.admins),
        status: c.status,
        closed_at: null,
        closed_by: null,
        results: null,
      })
      .execute();
    for (let i = 0; i < tasks.length; i += 200)
      await tx
        .insertInto('review_tasks')
        .values(tasks.slice(i, i + 200).map((t) => taskRow(c.id, t)))
        .execute();
    await appendAudit(tx, {
      actorTokenId,
      actorName: c.createdBy,
      action: 'review.start',
      target: c.id,
      detail: { name: c.name, scope: c.scope, deadline: c.deadline, tasks: tasks.length, fallback: c.fallbackReviewer },
      at: c.createdAt,
    });
  });
}

const taskRow = (campaignId: string, t: NewTask) => ({
  campaign_id: campaignId,
  identity_id: t.identityId,
  identity_name: t.name,
  platform: t.platform,
  tenant: t.tenant,
  owner: t.owner,
  assignee: t.assignee,
  assignee_kind: t.kind,
  orphan_reason: t.orphanReason,
  decision: null,
  reassign_to: null,
  reason: null,
  attested_by: null,
  attested_at: null,
  reminded_at: null,
  escalated_to: null,
  escalated_at: null,
});

export function describeScope(s: ReviewScope): string {
  const parts = [
    s.ruleId && `open findings of rule ${s.ruleId}`,
    s.vendor && `vendor "${s.vendor}"`,
    s.platform && `platform ${s.platform}`,
    s.tenant && `tenant ${s.tenant}`,
    s.ownerTeam && `owner team "${s.ownerTeam}"`,
    s.text && `text "${s.text}"`,
  ].filter(Boolean);
  return parts.join(', ') || 'every identity';
}

async function findCampaignRow(store: Store, ref: string) {
  return store.db
    .selectFrom('review_campaigns')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
}

/** A campaign by id or name; a UserError naming it when there is none. */
export async function loadCampaign(store: Store, ref: string): Promise<ReviewCampaign> {
  const row = await findCampaignRow(store, ref);
  if (!row) throw new UserError(`no review campaign "${ref}" (see \`steward review list\`)`);
  return {
    id: row.id,
    name: row.name,
    scope: JSON.parse(row.scope) as ReviewScope,
    createdAt: row.created_at,
    createdBy: row.created_by,
    deadline: row.deadline,
    fallbackReviewer: row.fallback_reviewer,
    admins: JSON.parse(row.admins) as string[],
    status: row.status as ReviewCampaign['status'],
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    results: row.results ? JSON.parse(row.results) : null,
  };
}
