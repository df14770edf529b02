import type { Command } from 'commander';
import { Option } from 'commander';
import { loadRulePack, OWASP_NHI_TOP10 } from '../../../analysis/risk/index.js';
import { cliContext } from '../context.js';
import { render } from '../format.js';

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the rule pack (built-in and custom) with platforms, OWASP category and the data each rule needs')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { format: 'table' | 'json' }, command: Command) => {
      const ctx = cliContext(command);
      const { all } = loadRulePack(ctx.config, ctx.catalogue.builtinRules);
      const disabled = new Set(ctx.config.rules.disabled);
      const rows = all.map((r) => ({
        ...r.meta,
        origin: r.origin?.kind === 'custom' ? r.origin.file : 'built-in',
        enabled: !disabled.has(r.meta.id),
        owaspTitle: OWASP_NHI_TOP10[r.meta.owasp],
      }));
      if (opts.format === 'json') {
        ctx.out(JSON.stringify({ thresholds: ctx.config.rules.thresholds, rules: rows }, null, 2));
        return;
      }
      ctx.out(
        render(
          rows,
          [
            { header: 'id', value: (r) => `${r.id}${r.enabled ? '' : ' (disabled)'}` },
            { header: 'severity', value: (r) => r.severity },
            { header: 'owasp', value: (r) => r.owasp },
            { header: 'platforms', value: (r) => (r.platforms === 'all' ? 'all' : r.platforms.join(',')) },
            { header: 'origin', value: (r) => r.origin },
            { header: 'data requirement', value: (r) => r.dataRequirement },
          ],
          'table',
        ),
      );
      const t = ctx.config.rules.thresholds;
      ctx.out(
        `thresholds: staleDays=${t.staleDays} rotationDays=${t.rotationDays} expiryWarningDays=${t.expiryWarningDays} maxSecretLifetimeDays=${t.maxSecretLifetimeDays}`,
      );
    });
}
