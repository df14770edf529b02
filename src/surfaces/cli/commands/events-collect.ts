import type { Command } from 'commander';
import { checkTenantOptions } from '../../../config/load.js';
import { UserError } from '../../../lib/errors.js';
import { terminalBlock } from '../../../lib/output-safety.js';
import { collectActivity, type CollectOptions, type StreamResult } from '../../../monitoring/collect.js';
import { DEFAULT_DETECTION_THRESHOLDS } from '../../../monitoring/detection.js';
import { pruneEvents, retentionCutoff } from '../../../monitoring/events-store.js';
import { newDetectionEvents } from '../../../notifications/index.js';
import { connectorFor, platformFor } from '../../../platforms/registry.js';
import { describeError } from '../../../sync/engine.js';
import { type CliContext, cliContext, EXIT } from '../context.js';
import { tenantJobs } from '../jobs.js';
import { notificationTargets, notifyAndReport } from '../notifications.js';
import { intOption, platformOption } from '../options.js';
import { summaryText } from './events.js';

interface CollectFlags {
  platform?: string;
  tenant?: string;
  dormantDays: number;
  enrich: boolean;
  retentionDays?: number;
  json?: boolean;
}

export function registerCollect(events: Command): void {
  events
    .command('collect')
    .description(
      "pull new activity from each configured tenant's log API (CloudTrail LookupEvents, …) from its stored cursor, less an overlap window for late records, through the same pipeline as `events import`; the cursor moves only after what was read is stored",
    )
    .addOption(platformOption('only this platform'))
    .option('--tenant <name>', 'only this tenant')
    .option('--dormant-days <n>', 'days without activity before a use counts as dormant-then-active', intOption(1), 30)
    .option('--no-enrich', 'skip IP → ASN/country and user-agent enrichment')
    .option(
      '--retention-days <n>',
      'events older than this are not stored (default: monitoring.retention)',
      intOption(1),
    )
    .option('--json', 'print each stream as JSON')
    .action(async (opts: CollectFlags, command: Command) => {
      const ctx = cliContext(command);
      const jobs = collectJobs(ctx, opts);
      const targets = notificationTargets(ctx);
      const store = await ctx.openStore();
      const since = ctx.clock.now().toISOString();
      try {
        const now = () => ctx.clock.now();
        const days = opts.retentionDays ?? ctx.config.monitoring.retention;
        const results = await collectActivity(jobs, {
          ...collectOptions(store, now, opts),
          retainAfter: retentionCutoff(now(), days),
        });
        await pruneEvents(store, now(), days);
        ctx.out(opts.json ? JSON.stringify(results, null, 2) : collectText(results));
        await notifyAndReport(ctx, store, targets, () => newDetectionEvents(store, since));
        process.exitCode = collectExitCode(results);
      } finally {
        await store.close();
      }
    });
}

/** The selected enabled tenants whose platform has a collector; their options checked as a scan checks them. */
function collectJobs(ctx: CliContext, opts: CollectFlags) {
  const jobs = tenantJobs(ctx.config, opts).filter((j) => platformFor(j.platform)?.activity?.collector);
  if (jobs.length === 0)
    throw new UserError(
      `no enabled tenant${opts.platform || opts.tenant ? ' matching the filter' : ''} is on a platform with a log collector`,
      EXIT.usage,
    );
  const indexes = jobs.map((job) => Number(/\[(\d+)\]/.exec(job.configPath ?? '')?.[1]));
  checkTenantOptions(ctx.config, (platform) => connectorFor(platform)?.optionsSchema, ctx.configFile, indexes);
  return jobs;
}

export function collectOptions(
  store: CollectOptions['store'],
  now: () => Date,
  opts: { dormantDays?: number; enrich?: boolean },
): CollectOptions {
  return {
    store,
    now,
    activityOf: (platform) => platformFor(platform)?.activity,
    describeError,
    enrich: opts.enrich ?? true,
    thresholds: {
      ...DEFAULT_DETECTION_THRESHOLDS,
      dormantDays: opts.dormantDays ?? DEFAULT_DETECTION_THRESHOLDS.dormantDays,
    },
  };
}

/** Every stream of a tenant failed: 3; some streams of some tenant failed: 4 (what was read is stored either way). */
export function collectExitCode(results: readonly StreamResult[]): number {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return EXIT.ok;
  const tenants = new Set(failed.map((r) => `${r.platform}:${r.tenant}`));
  const whollyFailed = [...tenants].some((t) =>
    results.filter((r) => `${r.platform}:${r.tenant}` === t).every((r) => r.status === 'failed'),
  );
  return whollyFailed ? EXIT.failed : EXIT.partial;
}

export function collectText(results: readonly StreamResult[]): string {
  return results
    .map((r) => {
      const head = `${r.platform}:${r.tenant} ${r.endpoint} ${r.window.start} … ${r.window.end}`;
      if (r.status === 'failed')
        return terminalBlock(
          `${head}: FAILED, unknown (nothing new read is missing; the cursor stays at ${r.cursorBefore ?? 'none'}): ${r.error} — needs ${r.permission}`,
        );
      return `${summaryText(head, r.summary!)}\n${terminalBlock(`  cursor: ${r.cursorBefore ?? 'none'} → ${r.cursorAfter ?? 'none'}`)}`;
    })
    .join('\n');
}
