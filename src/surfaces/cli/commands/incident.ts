import type { Command } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { toJson } from '../../../lib/output-safety.js';
import { REMEDIATION_ACTIONS } from '../../../platforms/registry.js';
import {
  buildPlan,
  DEFAULT_DEPENDENCY_DAYS,
  savePlan,
  vendorHoldings,
  vendorReport,
  plannedByDefault,
} from '../../../remediation/index.js';
import { type CliContext, EXIT } from '../context.js';
import { render } from '../format.js';
import { intOption } from '../options.js';
import { defaultActor, withStore } from '../remediation-runner.js';
import { notificationTargets, notifyPlanWaiting } from '../notifications.js';

interface IncidentOptions {
  plan?: boolean;
  days: number;
  force?: boolean;
  reason?: string;
  as?: string;
  json?: boolean;
}

/** `steward incident vendor NAME`: a third party's access on every platform, a revoke+block plan, and the proof. */
export function register(program: Command): void {
  const incident = program.command('incident').description('incident response');
  incident
    .command('vendor <name>')
    .description(
      `everything a third party holds on every platform; --plan makes a revoke+block plan; after apply and a re-scan, what remains and why (exit ${EXIT.findings} while anything remains or a tenant's last scan did not succeed)`,
    )
    .option('--plan', 'make a remediation plan blocking all of it (then approve, apply, scan, and run this again)')
    .option('--days <n>', 'dependency check window', intOption(1, 3650), DEFAULT_DEPENDENCY_DAYS)
    .option('--force', 'let items the dependency check blocks through (needs --reason)')
    .option('--reason <text>', 'why --force')
    .option('--as <name>', 'the planner (default: the operating-system user)')
    .option('--json', 'print the completeness report as JSON')
    .action(async (name: string, opts: IncidentOptions, command: Command) =>
      withStore(command, async (ctx, store) => {
        if (!name.trim()) throw new UserError('vendor name must not be empty');
        const actions = [...REMEDIATION_ACTIONS.values()];
        if (opts.plan) return planIncident(ctx, store, name, opts);
        const report = await vendorReport(store, name, actions);
        if (opts.json) ctx.out(toJson(report));
        else await printReport(ctx, report, await vendorHoldings(store, name, actions));
        if (!report.complete) process.exitCode = EXIT.findings;
      }),
    );
}

async function planIncident(
  ctx: CliContext,
  store: Parameters<typeof savePlan>[0],
  name: string,
  opts: IncidentOptions,
) {
  if (opts.force && !opts.reason?.trim()) throw new UserError('--force needs --reason "…"');
  const targets = notificationTargets(ctx);
  const plan = await buildPlan(store, {
    selection: { vendor: name },
    actions: [...REMEDIATION_ACTIONS.values()].filter(plannedByDefault),
    planner: opts.as ?? defaultActor(),
    now: ctx.clock.now(),
    dependencyDays: opts.days,
    force: opts.force ? { reason: (opts.reason as string).trim() } : null,
  });
  await savePlan(store, plan);
  const blocked = plan.content.items.filter((i) => i.blocked).length;
  ctx.out(
    `plan ${plan.id}: ${plan.content.items.length} item(s) to block "${name}"${blocked ? `, ${blocked} blocked by the dependency check` : ''}`,
  );
  ctx.out(
    `next: steward remediate show ${plan.id}; another person approves; apply; scan; steward incident vendor ${name}`,
  );
  await notifyPlanWaiting(ctx, store, targets, plan);
}

async function printReport(
  ctx: CliContext,
  report: Awaited<ReturnType<typeof vendorReport>>,
  holdings: Awaited<ReturnType<typeof vendorHoldings>>,
) {
  ctx.out(
    render(
      holdings,
      [
        { header: 'platform', value: (h) => `${h.platform}:${h.tenant}` },
        { header: 'type', value: (h) => h.nativeType },
        { header: 'name', value: (h) => h.name },
        { header: 'publisher', value: (h) => h.publisher },
        { header: 'enabled', value: (h) => (h.enabled ? 'yes' : 'no') },
        { header: 'actions', value: (h) => h.actions.join(', ') || 'none' },
      ],
      'table',
    ),
  );
  for (const t of report.unverifiedTenants)
    ctx.out(`! ${t.platform}:${t.tenant}: last scan ${t.status}; what it lists may be out of date`);
  for (const r of report.remaining)
    ctx.out(`remaining: ${r.platform}:${r.tenant} ${r.nativeType} "${r.name}": ${r.reason}`);
  ctx.out(
    report.complete
      ? `"${report.vendor}": 0 remaining (${report.found} found, none enabled; every tenant's last scan succeeded)`
      : `"${report.vendor}": ${report.remaining.length} remaining of ${report.found} found${report.unverifiedTenants.length ? `; ${report.unverifiedTenants.length} tenant(s) not verified by their last scan` : ''}`,
  );
}
