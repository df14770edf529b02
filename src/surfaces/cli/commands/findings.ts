import type { Command } from 'commander';
import { Option } from 'commander';
import { FINDING_STATUSES, SEVERITIES, type Finding, type FindingStatus, type Severity } from '../../../model/index.js';
import { UserError } from '../../../lib/errors.js';
import {
  exportFindings,
  findingId,
  identityLabels,
  listFindings,
  loadRulePack,
  suppressFinding,
  unsuppressFinding,
  type FindingFilter,
  type IdentityLabel,
} from '../../../analysis/risk/index.js';
import { cliContext } from '../context.js';
import { colourSeverity, type Column, dateCell, ID_CELL_MAX, type OutputFormat, render } from '../format.js';
import { terminalText } from '../../../lib/output-safety.js';
import { limitOption, platformOption } from '../options.js';
import { writeAudit } from '../../api/audit.js';
import { cliActor } from './tokens.js';

const FORMATS = ['table', 'json', 'csv', 'sarif', 'ocsf'] as const;

interface FindingsOpts {
  platform?: string;
  tenant?: string;
  severityMin?: Severity;
  rule?: string;
  status?: string;
  identity?: string;
  limit?: number;
  format: (typeof FORMATS)[number];
}

/** `--status open,reopened` / `all` → statuses. */
function parseStatuses(value: string | undefined): FindingStatus[] | undefined {
  if (!value) return undefined;
  if (value === 'all') return [...FINDING_STATUSES];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of list)
    if (!(FINDING_STATUSES as readonly string[]).includes(s))
      throw new UserError(`--status: "${s}" is not one of ${FINDING_STATUSES.join(', ')} (or "all")`);
  return list as FindingStatus[];
}

/** --until accepts a date (2026-12-31, end of that day UTC) or a full ISO timestamp. */
function parseUntil(value: string | undefined): string | null {
  if (!value) return null;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new UserError(`--until: "${value}" is not a date (use YYYY-MM-DD or an ISO timestamp)`);
  return new Date(t).toISOString();
}

export function register(program: Command): void {
  const findings = program
    .command('findings')
    .description('list risk findings (default: open and reopened), or export them as SARIF / OCSF')
    .addOption(platformOption('only this platform'))
    .option('--tenant <name>', 'only this tenant (NAME or PLATFORM:NAME)')
    .addOption(
      new Option('--severity-min <severity>', 'only findings at or above this severity').choices([...SEVERITIES]),
    )
    .option('--rule <id>', 'only this rule')
    .option('--status <list>', `comma-separated statuses (${FINDING_STATUSES.join(', ')}) or "all"`, 'open,reopened')
    .option('--identity <id>', 'only this identity id')
    .addOption(limitOption('findings, in fix-first order'))
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('table'))
    .action(showFindings);
  registerSuppress(findings);
  registerUnsuppress(findings);
}

/** `steward findings`: the filtered findings as a table/CSV/JSON, or as SARIF / OCSF with the whole rule pack. */
async function showFindings(opts: FindingsOpts, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const store = await ctx.openStore();
  try {
    const filter: FindingFilter = {
      platform: opts.platform,
      tenant: opts.tenant,
      severityMin: opts.severityMin,
      ruleId: opts.rule,
      statuses: parseStatuses(opts.status),
      identityId: opts.identity,
      limit: opts.limit,
    };
    const rows = await listFindings(store, filter);
    if (opts.format === 'sarif' || opts.format === 'ocsf') {
      ctx.out(
        exportFindings(
          rows,
          loadRulePack(ctx.config, ctx.catalogue.builtinRules, ctx.catalogue.declaredAttributes).all.map((r) => r.meta),
          opts.format,
        ),
      );
      return;
    }
    const labels =
      opts.format === 'json'
        ? new Map<string, IdentityLabel>()
        : await identityLabels(
            store,
            rows.map((f) => f.identityId),
          );
    ctx.out(render(rows, findingColumns(labels), opts.format as OutputFormat));
  } finally {
    await store.close();
  }
}

/**
 * The findings table: what and whose first (severity, identity name, owner), then the finding id to copy into
 * `findings suppress`. On a narrow terminal the dates and evidence go first (format.ts fitColumns).
 */
function findingColumns(labels: ReadonlyMap<string, IdentityLabel>): Column<Finding>[] {
  const label = (f: Finding) => labels.get(f.identityId);
  return [
    { header: 'severity', value: (f) => f.severity, priority: 9, style: (cell, f) => colourSeverity(cell, f.severity) },
    { header: 'identity', value: (f) => label(f)?.name ?? f.identityId, minWidth: 12, priority: 8 },
    { header: 'owner', value: (f) => label(f)?.owner ?? null, minWidth: 10, priority: 6 },
    { header: 'rule', value: (f) => f.ruleId, minWidth: 12, priority: 5 },
    { header: 'finding id', value: (f) => f.id, maxWidth: ID_CELL_MAX, priority: 7 },
    { header: 'status', value: (f) => f.status, priority: 3 },
    { header: 'first seen', value: (f) => dateCell(f.firstSeen), priority: 1 },
    { header: 'last seen', value: (f) => dateCell(f.lastSeen), priority: 2 },
    {
      header: 'evidence',
      value: (f) => f.evidence.map((e) => e.source).join('; '),
      maxWidth: 100,
      minWidth: 10,
      priority: 0,
    },
    { header: 'identity id', value: (f) => f.identityId, maxWidth: ID_CELL_MAX, priority: -1 },
  ];
}

function registerSuppress(findings: Command): void {
  findings
    .command('suppress [findingId]')
    .description(
      'suppress a finding (by id, or by --rule and --identity) with a reason, who decided, and an optional expiry',
    )
    .option('--rule <id>', 'rule id (with --identity, instead of a finding id)')
    .option('--identity <id>', 'identity id (with --rule)')
    .requiredOption('--reason <text>', 'why it is acceptable')
    .requiredOption('--by <who>', 'who decided')
    .option('--until <date>', 'expiry (YYYY-MM-DD or ISO timestamp); after it the finding comes back')
    .action(
      async (
        id: string | undefined,
        opts: { rule?: string; identity?: string; reason: string; by: string; until?: string },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        // --rule/--identity also exist on `findings` itself, so commander may hand them to the parent: read both.
        const merged = command.optsWithGlobals<{ rule?: string; identity?: string }>();
        opts = { ...opts, rule: opts.rule ?? merged.rule, identity: opts.identity ?? merged.identity };
        let target = id;
        if (!target) {
          if (!opts.rule || !opts.identity)
            throw new UserError(
              'name the finding: `steward findings suppress <findingId>` or `--rule RULE --identity IDENTITY`',
            );
          target = findingId(opts.rule, opts.identity);
        } else if (opts.rule || opts.identity) {
          throw new UserError('give either a finding id or --rule with --identity, not both');
        }
        const store = await ctx.openStore();
        try {
          const f = await suppressFinding(
            store,
            target,
            { reason: opts.reason, by: opts.by, until: parseUntil(opts.until) },
            ctx.clock.now().toISOString(),
          );
          ctx.out(
            `suppressed ${f.id}${f.suppression?.until ? ` until ${f.suppression.until}` : ''} (by ${terminalText(opts.by)}: ${terminalText(opts.reason)})`,
          );
        } finally {
          await store.close();
        }
      },
    );
}

function registerUnsuppress(findings: Command): void {
  findings
    .command('unsuppress <findingId>')
    .description('lift a suppression: the finding is open again (the next scan resolves it if it no longer holds)')
    .requiredOption('--reason <text>', 'why it is no longer acceptable (kept in the audit log)')
    .action(async (id: string, opts: { reason: string }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const now = ctx.clock.now().toISOString();
        const f = await unsuppressFinding(store, id, opts.reason);
        await writeAudit(
          store.db,
          cliActor(),
          { action: 'finding.unsuppress', target: f.id, detail: { reason: opts.reason } },
          now,
        );
        ctx.out(`unsuppressed ${f.id}: open again (${terminalText(opts.reason)})`);
      } finally {
        await store.close();
      }
    });
}
