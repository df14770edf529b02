import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { toJson } from '../../../lib/output-safety.js';
import { REMEDIATION_ACTIONS } from '../../../platforms/registry.js';
import {
  applyPlan,
  approveWithKey,
  buildPlan,
  DEFAULT_DEPENDENCY_DAYS,
  type ItemOutcome,
  itemStates,
  listPlans,
  loadPlan,
  type PlanSelection,
  type RemediationAction,
  rollbackPlan,
  savePlan,
  verifyPlan,
  plannedByDefault,
} from '../../../remediation/index.js';
import type { Store } from '../../../store/index.js';
import { type CliContext, EXIT } from '../context.js';
import { OUTPUT_FORMATS, type OutputFormat, render } from '../format.js';
import { intOption, platformOption } from '../options.js';
import { cliRunner, defaultActor, withStore } from '../remediation-runner.js';
import { notificationTargets, notifyPlanWaiting } from '../notifications.js';

/** `steward remediate`: plan → show → approve → apply → verify → rollback (docs/remediation.md). */
export function register(program: Command): void {
  const remediate = program
    .command('remediate')
    .description('act on findings: plan, approve (another person), apply, verify, roll back; every step audited');
  registerPlan(remediate);
  remediate
    .command('list')
    .description('list remediation plans')
    .action(async (_opts: unknown, command: Command) =>
      withStore(command, async (ctx, store) => {
        const rows = await listPlans(store);
        ctx.out(
          render(
            rows,
            [
              { header: 'plan', value: (r) => r.id },
              { header: 'created', value: (r) => r.created_at },
              { header: 'by', value: (r) => r.created_by },
              { header: 'status', value: (r) => r.status },
              { header: 'from', value: (r) => r.origin },
            ],
            'table',
          ),
        );
      }),
    );
  remediate
    .command('show <plan>')
    .description('show a plan: each item with its API calls, dry-run diff, dependency check and state')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(async (id: string, opts: { format: OutputFormat }, command: Command) =>
      withStore(command, (ctx, store) => showPlan(ctx, store, id, opts.format)),
    );
  remediate
    .command('approve <plan>')
    .description("sign a plan's content with your Ed25519 private key (a registered approver other than the planner)")
    .requiredOption('--key <file>', 'PEM private key (openssl genpkey -algorithm ed25519)')
    .action(async (id: string, opts: { key: string }, command: Command) =>
      withStore(command, async (ctx, store) => {
        const pem = readKeyFile(opts.key);
        const plan = await loadPlan(store, id);
        const approver = await approveWithKey(store, plan, pem, ctx.clock.now().toISOString());
        ctx.out(`plan ${id} approved by ${approver} (content ${plan.contentHash.slice(0, 16)}…)`);
      }),
    );
  for (const [name, run, what] of [
    ['apply', applyPlan, 'apply an approved plan (re-running resumes: done items are skipped)'],
    ['verify', verifyPlan, 're-read the vendor for every applied item'],
    ['rollback', rollbackPlan, 'apply the inverses of what was done, last first'],
  ] as const)
    remediate
      .command(`${name} <plan>`)
      .description(what)
      .option('--as <name>', 'who runs it, in the audit log (default: the operating-system user)')
      .action(async (id: string, opts: { as?: string }, command: Command) =>
        withStore(command, async (ctx, store) => {
          const outcomes = await run({
            store,
            planId: id,
            runner: cliRunner(ctx),
            actor: opts.as ?? defaultActor(),
            now: () => ctx.clock.now(),
          });
          printOutcomes(ctx, outcomes);
          if (outcomes.some((o) => /failed/.test(o.state))) process.exitCode = EXIT.failed;
        }),
      );
}

interface PlanOptions {
  finding?: string;
  rule?: string;
  vendor?: string;
  platform?: string;
  tenant?: string;
  identity?: string[];
  text?: string;
  action?: string[];
  days: number;
  force?: boolean;
  reason?: string;
  as?: string;
  deliverTo?: string;
  grace: number;
}

function registerPlan(remediate: Command): void {
  remediate
    .command('plan')
    .description('make a plan: the exact API calls and a dry-run diff, nothing is changed')
    .option('--finding <id>', 'the identity of one finding')
    .option('--rule <id>', 'the identities with open findings of a rule')
    .option('--vendor <name>', 'third-party identities whose publisher or name contains NAME')
    .addOption(platformOption('only this platform'))
    .option('--tenant <tenant>', 'only this tenant (platform:tenant also sets --platform)')
    .option('--identity <id...>', 'these identities')
    .option('--text <text>', 'identities whose name or id contains TEXT')
    .option(
      '--action <id...>',
      `actions to plan (default: every disruptive one that applies, but for scope reduction, which is planned only when named): ${[...REMEDIATION_ACTIONS.keys()].join(', ')}`,
    )
    .option(
      '--days <n>',
      'dependency check: block a credential used within N days',
      intOption(1, 3650),
      DEFAULT_DEPENDENCY_DAYS,
    )
    .option('--force', 'let items the dependency check blocks through (needs --reason)')
    .option('--reason <text>', 'why --force (part of what approvers sign)')
    .option('--as <name>', 'the planner, in the plan and the audit log (default: the operating-system user)')
    .option('--deliver-to <file>', 'rotations: the file (must not exist) the new secret is written to once, mode 0600')
    .option(
      '--grace <days>',
      'rotations: days both credentials work before the old one is deleted',
      intOption(0, 365),
      7,
    )
    .action(async (opts: PlanOptions, command: Command) =>
      withStore(command, async (ctx, store) => {
        if (opts.force && !opts.reason?.trim()) throw new UserError('--force needs --reason "…"');
        const targets = notificationTargets(ctx);
        const plan = await buildPlan(store, {
          selection: selectionOf(opts),
          actions: chosenActions(opts.action),
          planner: opts.as ?? defaultActor(),
          now: ctx.clock.now(),
          dependencyDays: opts.days,
          force: opts.force ? { reason: (opts.reason as string).trim() } : null,
          rotation: opts.deliverTo ? { deliverTo: opts.deliverTo, graceSeconds: opts.grace * 86_400 } : undefined,
        });
        await savePlan(store, plan);
        await showPlan(ctx, store, plan.id, 'table');
        ctx.out(`next: another person runs \`steward remediate approve ${plan.id} --key THEIR_KEY.pem\``);
        await notifyPlanWaiting(ctx, store, targets, plan);
      }),
    );
}

const selectionOf = (o: PlanOptions): PlanSelection => ({
  findingId: o.finding,
  ruleId: o.rule,
  vendor: o.vendor,
  platform: o.platform,
  tenant: o.tenant,
  identityIds: o.identity,
  text: o.text,
});

function chosenActions(ids: string[] | undefined): RemediationAction[] {
  if (!ids) return [...REMEDIATION_ACTIONS.values()].filter(plannedByDefault);
  return ids.map((id) => {
    const action = REMEDIATION_ACTIONS.get(id);
    if (!action)
      throw new UserError(`--action ${id}: no such action; known: ${[...REMEDIATION_ACTIONS.keys()].join(', ')}`);
    return action;
  });
}

async function showPlan(ctx: CliContext, store: Store, id: string, format: OutputFormat): Promise<void> {
  const plan = await loadPlan(store, id);
  const states = await itemStates(store, id);
  if (format === 'json') return ctx.out(toJson({ ...plan, items: [...states.values()] }));
  const c = plan.content;
  ctx.out(`plan ${plan.id} · ${plan.status} · by ${c.planner} at ${c.createdAt} · from ${c.origin}`);
  ctx.out(
    `content sha256 ${plan.contentHash}${plan.actualHash !== plan.contentHash ? ' (CHANGED since planning)' : ''}`,
  );
  if (c.force) ctx.out(`forced past the dependency check (${c.dependencyDays} days): ${c.force.reason}`);
  for (const i of c.items.filter((x) => x.rotation))
    ctx.out(
      `#${i.ordinal} rotation: new secret written once to ${i.rotation?.deliverTo}; phase 2 runs at the first apply ${(i.rotation?.graceSeconds ?? 0) / 86_400} day(s) after phase 1`,
    );
  ctx.out(
    render(
      c.items,
      [
        { header: '#', value: (i) => String(i.ordinal) },
        { header: 'action', value: (i) => i.actionId },
        { header: 'target', value: (i) => i.target.label },
        {
          header: 'calls',
          value: (i) => i.calls.map((x) => `${x.phase ? `[phase ${x.phase}] ` : ''}${x.method} ${x.path}`).join('; '),
        },
        { header: 'change', value: (i) => i.changes.map((x) => `${x.field}: ${x.before} → ${x.after}`).join('; ') },
        {
          header: 'in use?',
          value: (i) => (i.usage ? `${i.usage.status}${i.forced ? ' (forced)' : ''}: ${i.usage.detail}` : '-'),
        },
        { header: 'undo', value: (i) => i.inverse ?? `none: ${i.noInverse}` },
        { header: 'state', value: (i) => states.get(i.ordinal)?.state ?? '?' },
      ],
      format,
    ),
  );
}

function printOutcomes(ctx: CliContext, outcomes: ItemOutcome[]): void {
  ctx.out(
    render(
      outcomes,
      [
        { header: '#', value: (o) => String(o.ordinal) },
        { header: 'target', value: (o) => o.label },
        { header: 'state', value: (o) => o.state },
        { header: 'outcome', value: (o) => o.outcome },
      ],
      'table',
    ),
  );
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`--key ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
