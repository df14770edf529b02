import type { Command } from 'commander';
import { requirePostgres } from '../../../jobs/queue.js';
import { runWorker } from '../../../jobs/worker.js';
import { cliContext } from '../context.js';
import { terminalText } from '../../../lib/output-safety.js';
import { intOption, numberOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'take sync and analysis jobs from the queue in the team PostgreSQL (run on any number of machines; see docs/scale.md)',
    )
    .option('--concurrency <n>', 'jobs this process works on at once', intOption(1, 64), 1)
    .option('--poll-interval <seconds>', 'how often to look for new jobs when idle', numberOption(0.5, 3600), 2)
    .option(
      '--maintenance-interval <seconds>',
      'how often to expire jobs whose worker vanished (coordinated across workers)',
      numberOption(1, 86_400),
      30,
    )
    .action(
      async (opts: { concurrency: number; pollInterval: number; maintenanceInterval: number }, command: Command) => {
        const ctx = cliContext(command);
        requirePostgres(ctx.config.store, '`steward worker`');
        const store = await ctx.openStore();
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await runWorker({
            url: ctx.config.store,
            store,
            config: ctx.config,
            clock: ctx.clock,
            log: ctx.log,
            concurrency: opts.concurrency,
            pollIntervalMs: Math.max(0.5, opts.pollInterval) * 1000,
            maintenanceIntervalSeconds: Math.max(1, opts.maintenanceInterval),
            signal: stop.signal,
            report: (line) => process.stderr.write(`${terminalText(line)}\n`),
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          await store.close();
        }
      },
    );
}
