import { z } from 'zod';
import { assignOwner, loadPeopleIndex } from '../../analysis/ownership/index.js';
import { UserError } from '../../lib/errors.js';
import { loadPlan, plannedByDefault } from '../../remediation/index.js';
import {
  closeCampaign,
  listTasks,
  loadCampaign,
  parseWhen,
  type Reassign,
  remind,
  reviewCsv,
  reviewHtml,
  reviewNotificationEvents,
  reviewTotals,
  startCampaign,
} from '../../remediation/reviews/index.js';
import type { Principal } from './auth.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { type Route, route } from './route.js';

/**
 * Running access-review campaigns through the API (docs/reviews.md): start, remind (notifications sent through the
 * server's configured channels), close (revokes → one remediation plan, still to approve by another person; reassigns
 * → owner assignments) and the completion report. The same code as `steward review`; each write is audited with the
 * calling token.
 */
const Text = z.string().trim().min(1).max(500);

export const StartBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    scope: z
      .object({
        platform: Text.optional(),
        tenant: Text.optional(),
        ruleId: Text.optional(),
        vendor: Text.optional(),
        ownerTeam: Text.optional(),
        text: Text.optional(),
      })
      .strict()
      .default({}),
    deadline: z.string().trim().min(1).max(40).describe('14d, 2w, 36h or an ISO date'),
    fallbackReviewer: z.string().trim().min(1).max(320).optional(),
    admins: z.array(z.string().trim().min(1).max(320)).max(100).default([]),
  })
  .strict();

const RemindBody = z
  .object({
    within: z.number().int().min(0).max(365).default(3),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .default({ within: 3, dryRun: false });

const CloseBody = z
  .object({ days: z.number().int().min(1).max(3650).default(30) })
  .strict()
  .default({ days: 30 });

const CampaignParam = z.object({ campaign: z.string().min(1) });

/** A review's UserError as an API error: an unknown campaign is a 404, a name taken or a closed campaign a 409. */
export async function reviewTranslated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    if (/^no (review|rotation) campaign/.test(error.message)) throw new ApiError('not_found', error.message);
    if (/campaign named .* exists|is already closed|is closed/.test(error.message))
      throw new ApiError('conflict', error.message);
    throw new ApiError('bad_request', error.message);
  }
}

async function start(deps: ApiDeps, p: Principal, b: z.infer<typeof StartBody>) {
  const now = deps.clock.now();
  const campaign = await reviewTranslated(async () =>
    startCampaign(deps.store, {
      name: b.name,
      scope: b.scope,
      deadline: parseWhen(b.deadline, now, 'deadline'),
      fallbackReviewer: b.fallbackReviewer ?? null,
      admins: b.admins,
      createdBy: p.name,
      actorTokenId: p.tokenId,
      now,
    }),
  );
  const tasks = await listTasks(deps.store, { campaignId: campaign.id });
  return {
    id: campaign.id,
    name: campaign.name,
    deadline: campaign.deadline,
    createdBy: campaign.createdBy,
    tasks: tasks.length,
    fallback: tasks.filter((t) => t.assigneeKind === 'fallback').length,
  };
}

async function remindRoute(deps: ApiDeps, p: Principal, campaign: string, b: z.infer<typeof RemindBody>) {
  const people = await loadPeopleIndex(deps.store, deps.catalogue.peopleSources);
  const reminders = await reviewTranslated(() =>
    remind(deps.store, {
      campaign,
      now: deps.clock.now(),
      dueWithinDays: b.within,
      managerOf: (email) => people.byEmailAddress(email)?.managerEmail ?? null,
      actor: p.name,
      actorTokenId: p.tokenId,
      dryRun: b.dryRun,
    }),
  );
  const events = reviewNotificationEvents(reminders);
  // The tasks are marked reminded first, so a re-run tells no one twice (the layer also sends each event once).
  const deliveries = !b.dryRun && deps.notify ? await deps.notify(events) : [];
  return {
    reminders: reminders.map((r) => ({
      campaign: r.campaign.name,
      identityId: r.task.identityId,
      assignee: r.task.assignee,
      state: r.state,
      escalatedTo: r.escalateTo,
      note: r.note,
    })),
    notifications: events.map(({ subject: _, ...n }) => n),
    deliveries: deliveries.map((d) => ({ notification: d.notification, channel: d.channel, status: d.status })),
  };
}

async function close(deps: ApiDeps, p: Principal, campaign: string, b: z.infer<typeof CloseBody>) {
  if (!deps.remediation) throw new ApiError('conflict', 'remediation is not available on this server');
  const result = await reviewTranslated(() =>
    closeCampaign(deps.store, {
      campaign,
      actor: p.name,
      actorTokenId: p.tokenId,
      now: deps.clock.now(),
      actions: deps.remediation?.actions.filter(plannedByDefault) ?? [],
      dependencyDays: b.days,
      reassign: reassignAs(deps, p),
    }),
  );
  deps.cache.clear();
  if (result.planId) await deps.remediation.onPlanSaved?.(await loadPlan(deps.store, result.planId));
  return result;
}

/** A reassign decision is a manual owner assignment (as PUT /identities/{id}/owner), ownership recomputed at once. */
const reassignAs =
  (deps: ApiDeps, p: Principal): Reassign =>
  async (ids, to, note) => {
    const team = to.startsWith('team:') ? to.slice('team:'.length) : null;
    await assignOwner(deps.store, {
      ids,
      email: team ? null : to,
      team,
      by: p.name,
      note,
      now: deps.clock.now().toISOString(),
      peopleSources: deps.catalogue.peopleSources,
    });
  };

async function report(deps: ApiDeps, ref: string, format: 'json' | 'csv' | 'html', reply: { type(t: string): void }) {
  const campaign = await reviewTranslated(() => loadCampaign(deps.store, ref));
  const tasks = await listTasks(deps.store, { campaignId: campaign.id });
  const now = deps.clock.now();
  if (format === 'csv') {
    reply.type('text/csv; charset=utf-8');
    return reviewCsv(campaign, tasks, now);
  }
  if (format === 'html') {
    reply.type('text/html; charset=utf-8');
    return reviewHtml(campaign, tasks, now);
  }
  const { results: _, ...summary } = campaign;
  return { campaign: summary, totals: reviewTotals(campaign, tasks), tasks };
}

export function reviewCampaignRoutes(): Route[] {
  return [
    route({
      method: 'POST',
      path: '/reviews',
      access: 'analyst',
      summary: 'start an access-review campaign: one task per identity in scope, assigned to its owner',
      body: StartBody,
      response: z.object({
        id: z.string(),
        name: z.string(),
        deadline: z.string(),
        createdBy: z.string(),
        tasks: z.number().int(),
        fallback: z.number().int(),
      }),
      status: 201,
      handler: async ({ deps, principal, body }) => start(deps, principal as Principal, body),
    }),
    route({
      method: 'POST',
      path: '/reviews/:campaign/remind',
      access: 'analyst',
      summary: "remind undecided tasks due within `within` days; escalate overdue ones to the owner's manager; notify",
      params: CampaignParam,
      body: RemindBody,
      response: z.object({
        reminders: z.array(
          z.object({
            campaign: z.string(),
            identityId: z.string(),
            assignee: z.string(),
            state: z.enum(['due-soon', 'overdue']),
            escalatedTo: z.string().nullable(),
            note: z.string().nullable(),
          }),
        ),
        notifications: z.array(z.object({ title: z.string(), severity: z.string(), lines: z.array(z.string()) })),
        deliveries: z.array(z.object({ notification: z.string(), channel: z.string(), status: z.string() })),
      }),
      handler: async ({ deps, principal, params, body }) =>
        remindRoute(deps, principal as Principal, params.campaign, body),
    }),
    route({
      method: 'POST',
      path: '/reviews/:campaign/close',
      access: 'analyst',
      summary:
        'close a campaign: revokes become one remediation plan (another person approves it), reassigns owner assignments',
      params: CampaignParam,
      body: CloseBody,
      response: z.object({
        planId: z.string().nullable(),
        revokeWithoutAction: z.array(z.string()),
        reassigned: z.array(z.object({ identityId: z.string(), to: z.string() })),
        kept: z.number().int(),
        undecided: z.number().int(),
      }),
      handler: async ({ deps, principal, params, body }) => close(deps, principal as Principal, params.campaign, body),
    }),
    route({
      method: 'GET',
      path: '/reviews/:campaign/report',
      access: 'viewer',
      summary: 'the completion report: JSON, or CSV / HTML (?format=csv|html) with vendor text neutralised',
      params: CampaignParam,
      query: z.object({ format: z.enum(['json', 'csv', 'html']).default('json') }),
      response: z.unknown(),
      contentTypes: ['application/json', 'text/csv', 'text/html'],
      handler: async ({ deps, params, query, reply }) => report(deps, params.campaign, query.format, reply),
    }),
  ];
}
