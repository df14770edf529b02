import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { terminalBlock } from '../../../lib/output-safety.js';
import { DEFAULT_DETECTION_THRESHOLDS } from '../../../monitoring/detection.js';
import { pruneEvents, retentionCutoff, type PruneResult } from '../../../monitoring/events-store.js';
import { importFile, type ImportSummary } from '../../../monitoring/pipeline.js';
import { ACTIVITY_FORMATS } from '../../../platforms/registry.js';
import type { Store } from '../../../store/index.js';
import { cliContext, EXIT } from '../context.js';
import { intOption } from '../options.js';
import { notificationTargets, notifyAndReport } from '../notifications.js';
import { newDetectionEvents } from '../../../notifications/index.js';
import { registerCollect } from './events-collect.js';

const FORMAT_IDS = ACTIVITY_FORMATS.map((f) => f.format.id);

export function register(program: Command): void {
  const events = program.command('events').description('activity logs: import exported logs, baseline, detect');
  events
    .command('import <file>')
    .description(
      'import an exported activity log (plain or .gz, any size, streamed): store its events, resolve actors to the inventory, update baselines, run the detections; malformed records are counted, never fatal',
    )
    .addOption(new Option('--format <format>', 'log format').choices(FORMAT_IDS).makeOptionMandatory())
    .option('--dormant-days <n>', 'days without activity before a use counts as dormant-then-active', intOption(1), 30)
    .option('--no-enrich', 'skip IP → ASN/country and user-agent enrichment')
    .option(
      '--retention-days <n>',
      'events older than this are not imported, stored ones are pruned after (default: config monitoring.retention, 365)',
      intOption(1),
    )
    .option('--json', 'print the counts as JSON')
    .action(
      async (
        file: string,
        opts: { format: string; dormantDays: number; enrich: boolean; retentionDays?: number; json?: boolean },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const targets = notificationTargets(ctx);
        const store = await ctx.openStore();
        // Detections stored from here on are this import's new ones (a recurring one keeps its first time).
        const since = ctx.clock.now().toISOString();
        try {
          const summary = await importActivityFile(store, file, opts.format, {
            now: () => ctx.clock.now(),
            enrich: opts.enrich,
            dormantDays: opts.dormantDays,
            retentionDays: opts.retentionDays ?? ctx.config.monitoring.retention,
          });
          ctx.out(opts.json ? JSON.stringify(summary, null, 2) : summaryText(file, summary));
          await notifyAndReport(ctx, store, targets, () => newDetectionEvents(store, since));
          if (summary.events === 0 && summary.quarantined > 0)
            throw new UserError(
              `${file}: no record could be read as ${opts.format} (${summary.quarantined} quarantined)`,
              EXIT.usage,
            );
        } finally {
          await store.close();
        }
      },
    );
  registerCollect(events);
  events
    .command('prune')
    .description(
      'drop stored events older than the retention (config monitoring.retention, default 365 days); baselines and detections are kept',
    )
    .option('--days <n>', 'retention in days (default: the config)', intOption(1))
    .option('--json', 'print the counts as JSON')
    .action(async (opts: { days?: number; json?: boolean }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const pruned = await pruneEvents(store, ctx.clock.now(), opts.days ?? ctx.config.monitoring.retention);
        ctx.out(opts.json ? JSON.stringify(pruned, null, 2) : pruneText(pruned));
      } finally {
        await store.close();
      }
    });
}

function pruneText(p: PruneResult): string {
  return `retention: ${p.events} events older than ${p.before} dropped (${p.batches} batches, ${p.keys} de-duplication keys); baselines and detections kept`;
}

export interface ActivityImportOptions {
  now: () => Date;
  enrich?: boolean;
  dormantDays?: number;
  /** Events older than this many days are not imported, and stored ones are pruned after the import; absent = keep all. */
  retentionDays?: number;
}

export type ActivityImportSummary = ImportSummary & { pruned: PruneResult | null };

/** `steward events import`'s path (the demo's planted activity takes it too): one file, one format, into the store. */
export async function importActivityFile(
  store: Store,
  file: string,
  formatId: string,
  options: ActivityImportOptions,
): Promise<ActivityImportSummary> {
  const chosen = ACTIVITY_FORMATS.find((f) => f.format.id === formatId);
  if (!chosen) throw new UserError(`unknown format "${formatId}" (one of ${FORMAT_IDS.join(', ')})`, EXIT.usage);
  const days = options.retentionDays;
  const summary = await importFile(file, {
    store,
    format: chosen.format,
    platform: chosen.platform,
    lastUsedSource: chosen.activity.lastUsedSource,
    keyAttributes: chosen.activity.keyAttributes,
    now: options.now,
    enrich: options.enrich ?? true,
    thresholds: {
      ...DEFAULT_DETECTION_THRESHOLDS,
      dormantDays: options.dormantDays ?? DEFAULT_DETECTION_THRESHOLDS.dormantDays,
    },
    retainAfter: days === undefined ? undefined : retentionCutoff(options.now(), days),
  });
  // Pruning after every import keeps the store within the retention without a scheduler.
  const pruned = days === undefined ? null : await pruneEvents(store, options.now(), days);
  return { ...summary, pruned };
}

export function summaryText(file: string, s: ImportSummary & { pruned?: PruneResult | null }): string {
  const lines = [
    `${file}: ${s.records} records read, ${s.events} events parsed, ${s.quarantined} quarantined, ${s.duplicates} duplicates, ${s.expired ? `${s.expired} past the retention, ` : ''}${s.stored} stored`,
    `actors: ${s.actors.resolved} resolved to inventory identities (${s.actors.resolvedEvents} events), ${s.actors.unresolved} unresolved (${s.actors.unresolvedEvents} events), ${s.actors.vendorServiceEvents} events by the vendor's own services${s.actors.peopleEvents ? `, ${s.actors.people} people (${s.actors.peopleEvents} events)` : ''}`,
    `last used moved forward: ${s.lastUsedUpdated.identities} identities, ${s.lastUsedUpdated.credentials} credentials`,
    `detections: ${s.detections.total}${
      Object.keys(s.detections.byRule).length
        ? ` (${Object.entries(s.detections.byRule)
            .map(([r, n]) => `${r} ${n}`)
            .join(', ')})`
        : ''
    }`,
  ];
  if (s.actors.resolvedTargetEvents)
    lines.push(`targets: ${s.actors.resolvedTargetEvents} events acted on an inventory identity`);
  if (s.expired)
    lines.push(
      `retention: ${s.expired} events older than the retention were not imported (set monitoring.retention or --retention-days to keep older logs)`,
    );
  if (s.pruned?.events) lines.push(pruneText(s.pruned));
  for (const q of s.quarantineSamples) lines.push(`  quarantined at ${q.at}: ${q.reason}`);
  if (s.actors.topUnresolved.length)
    lines.push(`  most active unresolved: ${s.actors.topUnresolved.map((a) => `${a.actor} (${a.events})`).join(', ')}`);
  return terminalBlock(lines.join('\n'));
}
