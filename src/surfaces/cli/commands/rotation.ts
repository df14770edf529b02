import { type Command, Option } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { toJson } from '../../../lib/output-safety.js';
import { REMEDIATION_ACTIONS } from '../../../platforms/registry.js';
import { DEFAULT_DEPENDENCY_DAYS, loadPlan } from '../../../remediation/index.js';
import {
  byOwner,
  listRotations,
  parseDays,
  planRotationCampaign,
  type RotationItem,
  type RotationPlanResult,
  rotationStatus,
  startRotation,
} from '../../../remediation/reviews/index.js';
import type { CliContext } from '../context.js';
import { render } from '../format.js';
import { notificationTargets, notifyPlanWaiting } from '../notifications.js';
import { intOption, platformOption } from '../options.js';
import { defaultActor, withStore } from '../remediation-runner.js';

/** `steward rotation`: rotation and expiry campaigns, tracked across scans (docs/reviews.md). */
export function register(program: Command): void {
  const rotation = program
    .command('rotation')
    .description('rotation and expiry campaigns over credentials, tracked across scans');
  rotation
    .command('campaign')
    .description('start a campaign: every enabled credential older than the window or expiring soon, grouped by owner')
    .option('--name <name>', 'the campaign name (default: rotation-<date>)')
    .option('--older-than <days>', 'credentials created more than N days ago (90d)')
    .option('--expiring-within <days>', 'credentials expiring within N days, or already expired (30d)')
    .addOption(platformOption('only this platform'))
    .option('--tenant <tenant>', 'only this tenant (platform:tenant also sets --platform)')
    .option('--as <name>', 'who starts it (default: the operating-system user)')
    .action(
      async (
        o: {
          name?: string;
          olderThan?: string;
          expiringWithin?: string;
          platform?: string;
          tenant?: string;
          as?: string;
        },
        command: Command,
      ) =>
        withStore(command, async (ctx, store) => {
          const now = ctx.clock.now();
          const { id, items } = await startRotation(store, {
            name: o.name ?? `rotation-${now.toISOString().slice(0, 10)}`,
            criteria: {
              olderThanDays: o.olderThan ? parseDays(o.olderThan, '--older-than') : null,
              expiringWithinDays: o.expiringWithin ? parseDays(o.expiringWithin, '--expiring-within') : null,
              platform: o.platform,
              tenant: o.tenant,
            },
            createdBy: o.as ?? defaultActor(),
            now,
          });
          ctx.out(`rotation campaign ${id}: ${items.length} credential(s)`);
          printByOwner(ctx, items);
        }),
    );
  rotation
    .command('list')
    .description('list rotation campaigns')
    .action(async (_o: unknown, command: Command) =>
      withStore(command, async (ctx, store) => {
        const rows = await listRotations(store);
        ctx.out(
          render(
            rows,
            [
              { header: 'campaign', value: (r) => r.id },
              { header: 'name', value: (r) => r.name },
              { header: 'created', value: (r) => r.created_at },
              { header: 'by', value: (r) => r.created_by },
              { header: 'done', value: (r) => `${r.done}/${r.items} at the last status` },
            ],
            'table',
          ),
        );
      }),
    );
  rotation
    .command('status <campaign>')
    .description(
      're-check every credential against the latest scan: done, open, or unknown (its source did not answer)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (ref: string, o: { format: string }, command: Command) =>
      withStore(command, async (ctx, store) => {
        const status = await rotationStatus(store, ref, ctx.clock.now());
        if (o.format === 'json') return ctx.out(toJson(status));
        const count = (s: string) => status.items.filter((i) => i.state === s).length;
        ctx.out(
          `${status.name} (${status.id}): ${count('done')} done, ${count('open')} open, ${count('unknown')} unknown of ${status.items.length}`,
        );
        printByOwner(ctx, status.items);
      }),
    );
  registerPlan(rotation);
}

interface PlanOptions {
  owner?: string;
  days: number;
  force?: boolean;
  reason?: string;
  deliverTo?: string;
  grace: number;
  as?: string;
}

function registerPlan(rotation: Command): void {
  rotation
    .command('plan <campaign>')
    .description(
      "turn the campaign's open credentials into remediation plans, one per owner: the platform's rotation where one applies, else the action that retires the credential; approval still required",
    )
    .option('--owner <owner>', "only this owner's credentials (`no owner` for those without one)")
    .option(
      '--days <n>',
      'dependency check: block retiring a credential used within N days',
      intOption(1, 3650),
      DEFAULT_DEPENDENCY_DAYS,
    )
    .option('--force', 'let items the dependency check blocks through (needs --reason)')
    .option('--reason <text>', 'why --force (part of what approvers sign)')
    .option(
      '--deliver-to <file>',
      'rotations: the file (must not exist) new secrets are written to once, mode 0600 (suffixed .OWNER with several owners)',
    )
    .option(
      '--grace <days>',
      'rotations: days both credentials work before the old one is retired',
      intOption(0, 365),
      7,
    )
    .option('--as <name>', 'the planner, in the plans and the audit log (default: the operating-system user)')
    .action(async (ref: string, o: PlanOptions, command: Command) =>
      withStore(command, async (ctx, store) => {
        if (o.force && !o.reason?.trim()) throw new UserError('--force needs --reason "…"');
        const targets = notificationTargets(ctx);
        const result = await planRotationCampaign(store, {
          campaign: ref,
          owner: o.owner,
          actions: [...REMEDIATION_ACTIONS.values()],
          planner: o.as ?? defaultActor(),
          now: ctx.clock.now(),
          dependencyDays: o.days,
          force: o.force ? { reason: (o.reason as string).trim() } : null,
          rotation: o.deliverTo ? { deliverTo: o.deliverTo, graceSeconds: o.grace * 86_400 } : undefined,
        });
        printPlanResult(ctx, result);
        for (const p of result.plans) await notifyPlanWaiting(ctx, store, targets, await loadPlan(store, p.planId));
      }),
    );
}

function printPlanResult(ctx: CliContext, r: RotationPlanResult): void {
  ctx.out(
    render(
      r.choices,
      [
        { header: 'owner', value: (c) => c.owner },
        { header: 'credential', value: (c) => c.label },
        { header: 'action', value: (c) => c.actionId ?? 'by hand' },
        { header: 'note', value: (c) => c.note ?? '-' },
      ],
      'table',
    ),
  );
  for (const p of r.plans)
    ctx.out(
      `plan ${p.planId} for ${p.owner}: ${p.items} item(s), ${p.rotations} rotation(s)${p.blocked ? `, ${p.blocked} blocked by the dependency check` : ''}; next: another person runs \`steward remediate approve ${p.planId} --key THEIR_KEY.pem\``,
    );
  if (r.plans.length === 0) ctx.out('no new plan: nothing open that an action applies to');
  if (r.alreadyPlanned.length)
    ctx.out(
      `${r.alreadyPlanned.length} credential(s) already in an earlier plan of this campaign (see \`rotation status\`)`,
    );
  for (const u of r.unknown) ctx.out(`not planned, state unknown: ${u.credentialId} (${u.detail ?? 'no detail'})`);
}

function printByOwner(ctx: CliContext, items: RotationItem[]): void {
  for (const [owner, list] of byOwner(items)) {
    ctx.out(`\n${owner}: ${list.length}`);
    ctx.out(
      render(
        list,
        [
          { header: 'credential', value: (i) => i.label },
          { header: 'why', value: (i) => i.why },
          { header: 'state', value: (i) => i.state },
          { header: 'detail', value: (i) => i.detail ?? '-' },
          { header: 'plan', value: (i) => (i.plan ? `${i.plan.id} ${i.plan.actionId} (${i.plan.status})` : '-') },
        ],
        'table',
      ),
    );
  }
}
