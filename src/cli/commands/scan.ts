import type { Command } from 'commander';
import { Option } from 'commander';
import { connectorFor } from '../../connectors/registry.js';
import { runSync } from '../../connectors/runtime/sync.js';
import { runAnalysis } from '../../engine/run-analysis.js';
import { UserError } from '../../lib/errors.js';
import type { SyncRun } from '../../model/index.js';
import { cliContext, EXIT, type CliContext } from '../context.js';
import { tenantJobs } from '../jobs.js';
import { withProgress } from '../progress.js';
import type { Store } from '../../store/index.js';
import { scanGate } from '../scan-gate.js';

export interface ScanOutcome {
  runs: SyncRun[];
  analysis: Array<{ step: string; summary: string[] }>;
}

/** Scans every configured tenant, then runs analysis; shared by `scan` and `demo`. */
export async function scanAndAnalyze(ctx: CliContext, store: Store, options: { platform?: string; tenant?: string; keepRaw?: string; quiet?: boolean }): Promise<ScanOutcome> {
  const jobs = tenantJobs(ctx.config, options);
  if (jobs.length === 0) {
    throw new UserError(
      ctx.configFile
        ? `no enabled tenants match in ${ctx.configFile}`
        : 'no steward.yaml here and no tenants configured: run `steward init` to write one, or `steward demo` to try the emulated estate',
    );
  }
  const runs = await withProgress(
    jobs,
    (onEvent) =>
      runSync(jobs, {
        store,
        connectors: connectorFor,
        concurrency: ctx.config.scan.concurrency,
        keepRawDir: options.keepRaw ?? ctx.config.scan.keepRaw ?? undefined,
        clock: ctx.clock,
        log: ctx.log,
        onEvent,
      }),
    { tty: Boolean(process.stderr.isTTY) && !options.quiet, write: (line) => (options.quiet ? undefined : process.stderr.write(line + '\n')) },
  );
  const analysis = await runAnalysis({ store, config: ctx.config, clock: ctx.clock, log: ctx.log });
  return { runs, analysis };
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('discover NHIs in every configured tenant, then run ownership and risk analysis')
    .option('--platform <id>', 'only this platform')
    .option('--tenant <name>', 'only this tenant')
    .option('--keep-raw <dir>', 'keep every raw vendor page as JSON lines under DIR (replay transforms offline)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when open findings at or above this severity exist').choices(['info', 'low', 'medium', 'high', 'critical']))
    .addOption(new Option('--format <format>', 'what to print on stdout when done').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (opts: { platform?: string; tenant?: string; keepRaw?: string; failOn?: string; format: string }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const outcome = await scanAndAnalyze(ctx, store, { ...opts, quiet: opts.format !== 'text' && !process.stderr.isTTY });
        const gate = await scanGate(store, opts.failOn, opts.format, outcome);
        if (gate.output) ctx.out(gate.output);
        const failedRuns = outcome.runs.filter((r) => r.status !== 'succeeded');
        if (opts.format === 'text') {
          for (const a of outcome.analysis) for (const line of a.summary) ctx.out(`${a.step}: ${line}`);
          if (failedRuns.length) ctx.out(`${failedRuns.length} of ${outcome.runs.length} tenant scans failed; what they had stored before is kept (see \`steward runs\`).`);
        }
        if (gate.failed) process.exitCode = EXIT.findings;
        else if (failedRuns.length) process.exitCode = EXIT.partial;
      } finally {
        await store.close();
      }
    });
}
