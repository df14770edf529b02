import type { Command } from 'commander';
import { Option } from 'commander';
import { listSyncRuns } from '../../../store/index.js';
import { cliContext } from '../context.js';
import { OUTPUT_FORMATS, render, type OutputFormat } from '../format.js';
import { intOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('runs')
    .description('sync history: one row per connector run with status, counts and API cost')
    .option('--platform <id>', 'filter by platform')
    .option('--tenant <name>', 'filter by tenant')
    .option('--limit <n>', 'most recent N runs', intOption(1), 20)
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(
      async (opts: { platform?: string; tenant?: string; limit: number; format: OutputFormat }, command: Command) => {
        const ctx = cliContext(command);
        const store = await ctx.openStore();
        try {
          const runs = await listSyncRuns(store, opts);
          ctx.out(
            render(
              runs,
              [
                { header: 'started', value: (r) => r.startedAt.replace('T', ' ').slice(0, 19) },
                { header: 'platform:tenant', value: (r) => `${r.platform}:${r.tenant}${r.scope ? `#${r.scope}` : ''}` },
                { header: 'status', value: (r) => r.status },
                { header: 'mode', value: (r) => r.mode },
                { header: 'identities', value: (r) => r.counts.identities },
                { header: 'removed', value: (r) => r.counts.removed },
                { header: 'api calls', value: (r) => r.apiCalls },
                { header: 'retries', value: (r) => r.retries },
                {
                  header: 'seconds',
                  value: (r) =>
                    r.finishedAt ? ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1) : null,
                },
                { header: 'error', value: (r) => r.errors.join('; '), maxWidth: 120 },
              ],
              opts.format,
            ),
          );
        } finally {
          await store.close();
        }
      },
    );
}
