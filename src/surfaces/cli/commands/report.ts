import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildReportData, loadRulePack, renderReportHtml } from '../../../analysis/risk/index.js';
import { loadPeopleIndex } from '../../../analysis/ownership/index.js';
import { UserError } from '../../../lib/errors.js';
import { cliContext } from '../context.js';
import { intOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'write a self-contained HTML risk report (findings by severity and OWASP category, NHI:human ratio, credential ages, top risky identities, orphans)',
    )
    .requiredOption('--html <file>', 'where to write the HTML file')
    .option('--top <n>', 'how many risky identities to list', intOption(1, 10_000), 25)
    .action(async (opts: { html: string; top: number }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const data = await buildReportData(
          store,
          loadRulePack(ctx.config, ctx.catalogue.builtinRules, ctx.catalogue.declaredAttributes).all.map((r) => r.meta),
          ctx.clock.now(),
          { top: opts.top, people: await loadPeopleIndex(store, ctx.catalogue.peopleSources) },
        );
        try {
          // The report lists the inventory: readable by its owner only, like the store.
          writeFileSync(opts.html, renderReportHtml(data), { mode: 0o600 });
        } catch (error) {
          throw new UserError(
            `cannot write ${opts.html}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        ctx.out(
          `wrote ${opts.html}: ${data.identities} identities, ${data.bySeverity.reduce((a, s) => a + s.count, 0)} open findings`,
        );
      } finally {
        await store.close();
      }
    });
}
