import type { Command } from 'commander';
import { Option } from 'commander';
import { loadRulePack, OWASP_NHI_TOP10, type Rule, type RuleMetadata } from '../../../analysis/risk/index.js';
import { cisControlOf } from '../../../analysis/risk/cis.js';
import type { DeclaredAttributes } from '../../../analysis/risk/custom.js';
import type { StewardConfig } from '../../../config/schema.js';
import { cliContext } from '../context.js';
import { colourSeverity, render } from '../format.js';
import { toJson } from '../../../lib/output-safety.js';

const RULES_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
type RulesFormat = (typeof RULES_FORMATS)[number];

/** One line of `steward rules`: a rule's metadata plus where it came from and whether the config enables it. */
export interface RuleRow extends RuleMetadata {
  origin: string;
  enabled: boolean;
  owaspTitle: string;
}

/** The rule pack the CLI loads for a config (built-in pack plus the config's custom rules), one row per rule. */
export function ruleRows(
  config: Pick<StewardConfig, 'rules'>,
  builtinRules: Rule[],
  declared?: DeclaredAttributes,
): RuleRow[] {
  const { all } = loadRulePack(config, builtinRules, declared);
  const disabled = new Set(config.rules.disabled);
  return all.map((r) => ({
    ...r.meta,
    origin: r.origin?.kind === 'custom' ? r.origin.file : 'built-in',
    enabled: !disabled.has(r.meta.id),
    owaspTitle: OWASP_NHI_TOP10[r.meta.owasp],
  }));
}

const platformsOf = (r: RuleRow, separator: string) => (r.platforms === 'all' ? 'all' : r.platforms.join(separator));

/** The CIS controls a rule cites, short: "aws 2.12, github 1.4.2". */
const cisOf = (r: RuleRow) =>
  r.compliance
    .map(cisControlOf)
    .flatMap((c) => (c ? [`${c.benchmark} ${c.control}`] : []))
    .join(', ');

/** A markdown table cell: a pipe or a line break would end the cell early. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The rule pack as the markdown table docs/rules.md carries (`npm run docs:rules` writes it there). */
export function rulesMarkdown(rows: RuleRow[]): string {
  const header = ['id', 'severity', 'OWASP NHI Top 10', 'platforms', 'compliance', 'data requirement'];
  const lines = rows.map((r) =>
    [
      `\`${r.id}\`${r.enabled ? '' : ' (disabled)'}`,
      r.severity,
      `${r.owasp} ${r.owaspTitle}`,
      platformsOf(r, ', '),
      r.compliance.join('; '),
      r.dataRequirement,
    ].map(cell),
  );
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [row(header), `|${header.map(() => '---').join('|')}|`, ...lines.map(row)].join('\n');
}

function rulesTable(rows: RuleRow[], format: 'table' | 'csv'): string {
  return render(
    rows,
    [
      { header: 'id', value: (r) => `${r.id}${r.enabled ? '' : ' (disabled)'}` },
      { header: 'severity', value: (r) => r.severity, priority: 5, style: (c, r) => colourSeverity(c, r.severity) },
      { header: 'owasp', value: (r) => r.owasp, priority: 3 },
      { header: 'platforms', value: (r) => platformsOf(r, ','), minWidth: 8, priority: 4 },
      { header: 'CIS', value: cisOf, minWidth: 8, priority: 2 },
      { header: 'origin', value: (r) => r.origin, minWidth: 8, priority: 2 },
      { header: 'data requirement', value: (r) => r.dataRequirement, minWidth: 16, priority: 1 },
    ],
    format,
  );
}

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the rule pack (built-in and custom) with platforms, OWASP category and the data each rule needs')
    .addOption(new Option('--format <format>', 'output format').choices(RULES_FORMATS).default('table'))
    .action(async (opts: { format: RulesFormat }, command: Command) => {
      const ctx = cliContext(command);
      const rows = ruleRows(ctx.config, ctx.catalogue.builtinRules, ctx.catalogue.declaredAttributes);
      if (opts.format === 'json') {
        ctx.out(toJson({ thresholds: ctx.config.rules.thresholds, rules: rows }));
        return;
      }
      if (opts.format === 'markdown') {
        ctx.out(rulesMarkdown(rows));
        return;
      }
      ctx.out(rulesTable(rows, opts.format));
      if (opts.format === 'csv') return;
      const t = ctx.config.rules.thresholds;
      ctx.out(
        `thresholds: staleDays=${t.staleDays} rotationDays=${t.rotationDays} expiryWarningDays=${t.expiryWarningDays} maxSecretLifetimeDays=${t.maxSecretLifetimeDays}`,
      );
    });
}
