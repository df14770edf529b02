import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { assignOwner, loadPeopleIndex } from '../../../analysis/ownership/index.js';
import { UserError } from '../../../lib/errors.js';
import { toJson } from '../../../lib/output-safety.js';
import { REMEDIATION_ACTIONS } from '../../../platforms/registry.js';
import { DEFAULT_DEPENDENCY_DAYS, plannedByDefault } from '../../../remediation/index.js';
import {
  attest,
  closeCampaign,
  DECISIONS,
  type Decision,
  describeScope,
  listCampaigns,
  listTasks,
  loadCampaign,
  parseWhen,
  type Reassign,
  remind,
  reviewCsv,
  reviewHtml,
  reviewNotificationEvents,
  reviewNotifications,
  reviewTotals,
  startCampaign,
  taskStatus,
} from '../../../remediation/reviews/index.js';
import type { Store } from '../../../store/index.js';
import type { CliContext } from '../context.js';
import { notificationTargets, notifyAndReport } from '../notifications.js';
import { OUTPUT_FORMATS, type OutputFormat, render } from '../format.js';
import { intOption, platformOption } from '../options.js';
import { defaultActor, withStore } from '../remediation-runner.js';

/** `steward review`: access-review campaigns (docs/reviews.md). */
export function register(program: Command): void {
  const review = program
    .command('review')
    .description('access reviews: each owner attests keep / revoke / reassign per identity; results feed remediation');
  registerStart(review);
  review
    .command('list')
    .description('list review campaigns with their progress')
    .action(async (_o: unknown, command: Command) =>
      withStore(command, async (ctx, store) => {
        const rows = await listCampaigns(store);
        ctx.out(
          render(
            rows,
            [
              { header: 'campaign', value: (r) => r.id },
              { header: 'name', value: (r) => r.name },
              { header: 'status', value: (r) => r.status },
              { header: 'deadline', value: (r) => r.deadline },
              { header: 'decided', value: (r) => `${r.decided}/${r.tasks}` },
              { header: 'by', value: (r) => r.created_by },
            ],
            'table',
          ),
        );
      }),
    );
  registerTasks(review);
  registerAttest(review);
  registerRemind(review);
  registerClose(review);
  registerReport(review);
}

interface StartOptions {
  name: string;
  platform?: string;
  tenant?: string;
  rule?: string;
  vendor?: string;
  ownerTeam?: string;
  text?: string;
  deadline: string;
  fallbackReviewer?: string;
  admin?: string[];
  as?: string;
}

function registerStart(review: Command): void {
  review
    .command('start')
    .description('start a campaign: one task per identity in scope, assigned to its owner')
    .requiredOption('--name <name>', 'the campaign name (unique; commands take it or the id)')
    .addOption(platformOption('identities of this platform'))
    .option('--tenant <tenant>', 'identities of this tenant (platform:tenant also sets --platform)')
    .option('--rule <id>', 'identities with open findings of this rule')
    .option('--vendor <name>', 'third-party identities whose publisher or name contains NAME')
    .option('--owner-team <team>', 'identities owned by this team')
    .option('--text <text>', 'identities whose name or id contains TEXT')
    .requiredOption('--deadline <when>', 'when decisions are due: 14d, 2w, 36h or an ISO date')
    .option(
      '--fallback-reviewer <email>',
      'who reviews identities nobody current owns (required when any are in scope)',
    )
    .option('--admin <name...>', 'people who may attest any task (the creator always may)')
    .option('--as <name>', 'who starts it (default: the operating-system user)')
    .action(async (o: StartOptions, command: Command) =>
      withStore(command, async (ctx, store) => {
        const now = ctx.clock.now();
        const scope = {
          platform: o.platform,
          tenant: o.tenant,
          ruleId: o.rule,
          vendor: o.vendor,
          ownerTeam: o.ownerTeam,
          text: o.text,
        };
        const c = await startCampaign(store, {
          name: o.name,
          scope,
          deadline: parseWhen(o.deadline, now),
          fallbackReviewer: o.fallbackReviewer ?? null,
          admins: o.admin ?? [],
          createdBy: o.as ?? defaultActor(),
          now,
        });
        const tasks = await listTasks(store, { campaignId: c.id });
        const fallback = tasks.filter((t) => t.assigneeKind === 'fallback').length;
        ctx.out(
          `campaign ${c.id} "${c.name}": ${tasks.length} task(s) over ${describeScope(scope)}, due ${c.deadline}` +
            (fallback ? `; ${fallback} without a current owner assigned to ${c.fallbackReviewer}` : ''),
        );
      }),
    );
}

function registerTasks(review: Command): void {
  review
    .command('tasks [campaign]')
    .description("list tasks (one campaign's, or every campaign's); --assignee for one person's")
    .option('--assignee <name>', "only this person's (or team:NAME) tasks")
    .option('--pending', 'only undecided tasks')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(
      async (
        ref: string | undefined,
        o: { assignee?: string; pending?: boolean; format: OutputFormat },
        command: Command,
      ) =>
        withStore(command, async (ctx, store) => {
          const campaignId = ref ? (await loadCampaign(store, ref)).id : undefined;
          const tasks = await listTasks(store, { campaignId, assignee: o.assignee, pending: o.pending });
          if (o.format === 'json') return ctx.out(toJson(tasks));
          ctx.out(
            render(
              tasks,
              [
                { header: 'campaign', value: (t) => t.campaignId },
                { header: 'identity', value: (t) => t.identityId },
                { header: 'name', value: (t) => t.identityName },
                { header: 'assignee', value: (t) => t.assignee },
                { header: 'decision', value: (t) => t.decision ?? '-' },
                { header: 'by', value: (t) => t.attestedBy ?? '-' },
              ],
              o.format,
            ),
          );
        }),
    );
}

function registerAttest(review: Command): void {
  review
    .command('attest <campaign> <identity> <decision>')
    .description(`record a decision (${DECISIONS.join(' | ')}) as the task's assignee or a campaign admin`)
    .option('--to <person>', 'reassign: the new owner (e-mail, or team:NAME)')
    .option('--reason <text>', 'why (kept in the report and the audit log)')
    .option('--as <name>', 'who attests (default: the operating-system user)')
    .action(
      async (
        ref: string,
        identityId: string,
        decision: string,
        o: { to?: string; reason?: string; as?: string },
        command: Command,
      ) =>
        withStore(command, async (ctx, store) => {
          const attester = o.as ?? defaultActor();
          const person = (await loadPeopleIndex(store, ctx.catalogue.peopleSources)).byEmailAddress(attester);
          const task = await attest(store, {
            campaign: ref,
            identityId,
            decision: decision as Decision,
            reassignTo: o.to,
            reason: o.reason,
            attester,
            attesterTeams: person?.team ? [person.team] : [],
            now: ctx.clock.now(),
          });
          ctx.out(
            `${task.identityId}: ${task.decision}${task.reassignTo ? ` → ${task.reassignTo}` : ''} (attested by ${attester})`,
          );
        }),
    );
}

function registerRemind(review: Command): void {
  review
    .command('remind [campaign]')
    .description("list undecided tasks due soon and mark them reminded; escalate overdue ones to the owner's manager")
    .option('--within <days>', 'due soon: the deadline is within N days', intOption(0, 365), 3)
    .option('--dry-run', 'list only; mark nothing')
    .option('--as <name>', 'who runs it, in the audit log (default: the operating-system user)')
    .addOption(
      new Option('--format <format>', 'table, or json: the notifications').choices(['table', 'json']).default('table'),
    )
    .action(
      async (
        ref: string | undefined,
        o: { within: number; dryRun?: boolean; as?: string; format: string },
        command: Command,
      ) =>
        withStore(command, async (ctx, store) => {
          const targets = notificationTargets(ctx);
          const people = await loadPeopleIndex(store, ctx.catalogue.peopleSources);
          const reminders = await remind(store, {
            campaign: ref,
            now: ctx.clock.now(),
            dueWithinDays: o.within,
            managerOf: (email) => people.byEmailAddress(email)?.managerEmail ?? null,
            actor: o.as ?? defaultActor(),
            dryRun: o.dryRun,
          });
          const notifications = reviewNotifications(reminders);
          // The tasks are now marked reminded, so a re-run tells no one twice; the subject names exactly these tasks.
          if (!o.dryRun) await notifyAndReport(ctx, store, targets, reviewNotificationEvents(reminders));
          if (o.format === 'json') return ctx.out(toJson(notifications));
          ctx.out(
            render(
              reminders,
              [
                { header: 'campaign', value: (r) => r.campaign.name },
                { header: 'identity', value: (r) => r.task.identityId },
                { header: 'assignee', value: (r) => r.task.assignee },
                { header: 'state', value: (r) => r.state },
                {
                  header: 'escalated to',
                  value: (r) => r.escalateTo ?? (r.state === 'overdue' ? `nobody: ${r.note}` : '-'),
                },
              ],
              'table',
            ),
          );
        }),
    );
}

function registerClose(review: Command): void {
  review
    .command('close <campaign>')
    .description(
      'close: every revoke becomes a remediation plan (still to approve), every reassign an owner assignment',
    )
    .option(
      '--days <n>',
      'dependency check of the plan: block a credential used within N days',
      intOption(1, 3650),
      DEFAULT_DEPENDENCY_DAYS,
    )
    .option('--as <name>', 'who closes it and plans the revocations (default: the operating-system user)')
    .action(async (ref: string, o: { days: number; as?: string }, command: Command) =>
      withStore(command, async (ctx, store) => {
        const actor = o.as ?? defaultActor();
        const result = await closeCampaign(store, {
          campaign: ref,
          actor,
          now: ctx.clock.now(),
          actions: [...REMEDIATION_ACTIONS.values()].filter(plannedByDefault),
          dependencyDays: o.days,
          reassign: reassignThroughOwnership(ctx, store, actor),
        });
        ctx.out(
          `closed: ${result.kept} kept, ${result.reassigned.length} reassigned (owner assignments recorded), ${result.undecided} without a decision`,
        );
        if (result.planId)
          ctx.out(
            `revocations: plan ${result.planId}; next: another person runs \`steward remediate approve ${result.planId} --key THEIR_KEY.pem\``,
          );
        if (result.revokeWithoutAction.length)
          ctx.out(`revoke decided but no action applies (remove by hand): ${result.revokeWithoutAction.join(', ')}`);
      }),
    );
}

/** A reassign decision is a manual owner assignment (`steward owners assign`), ownership recomputed at once. */
function reassignThroughOwnership(ctx: CliContext, store: Store, actor: string): Reassign {
  return async (ids, to, note) => {
    const team = to.startsWith('team:') ? to.slice('team:'.length) : null;
    await assignOwner(store, {
      ids,
      email: team ? null : to,
      team,
      by: actor,
      note,
      now: ctx.clock.now().toISOString(),
      peopleSources: ctx.catalogue.peopleSources,
    });
  };
}

function registerReport(review: Command): void {
  review
    .command('report <campaign>')
    .description('the completion report: per task status, decision, attester and time; totals')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'html']).default('table'))
    .option('--output <file>', 'write the report to FILE instead of standard output')
    .action(async (ref: string, o: { format: 'table' | 'csv' | 'html'; output?: string }, command: Command) =>
      withStore(command, async (ctx, store) => {
        const campaign = await loadCampaign(store, ref);
        const tasks = await listTasks(store, { campaignId: campaign.id });
        const now = ctx.clock.now();
        const text =
          o.format === 'csv'
            ? reviewCsv(campaign, tasks, now)
            : o.format === 'html'
              ? reviewHtml(campaign, tasks, now)
              : reportTable(campaign, tasks, now);
        if (!o.output) return ctx.out(text);
        try {
          writeFileSync(o.output, text);
        } catch (error) {
          throw new UserError(
            `--output ${o.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        ctx.out(`wrote ${o.output}`);
      }),
    );
}

function reportTable(
  campaign: Awaited<ReturnType<typeof loadCampaign>>,
  tasks: Awaited<ReturnType<typeof listTasks>>,
  now: Date,
): string {
  const totals = reviewTotals(campaign, tasks);
  const head = `${campaign.name} (${campaign.id}) · ${campaign.status} · deadline ${campaign.deadline}\n${Object.entries(
    totals,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ')}`;
  return `${head}\n${render(
    tasks,
    [
      { header: 'identity', value: (t) => t.identityId },
      { header: 'assignee', value: (t) => t.assignee },
      { header: 'status', value: (t) => taskStatus(campaign, t, now) },
      {
        header: 'decision',
        value: (t) => (t.decision ? `${t.decision}${t.reassignTo ? ` → ${t.reassignTo}` : ''}` : '-'),
      },
      { header: 'by', value: (t) => t.attestedBy ?? '-' },
      { header: 'at', value: (t) => t.attestedAt ?? '-' },
    ],
    'table',
  )}`;
}
