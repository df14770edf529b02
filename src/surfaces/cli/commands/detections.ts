import type { Command } from 'commander';
import { Option } from 'commander';
import { toJson } from '../../../lib/output-safety.js';
import { DETECTIONS } from '../../../monitoring/detections/index.js';
import { listDetections, type Detection } from '../../../monitoring/detections-store.js';
import { detectionsToOcsf } from '../../../monitoring/ocsf.js';
import { cliContext } from '../context.js';
import { OUTPUT_FORMATS, render, timeCell, type OutputFormat } from '../format.js';
import { limitOption, platformOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('detections')
    .description(
      'detections raised by imported activity (`steward events import`), newest activity first, with their event ids',
    )
    .addOption(platformOption('filter by platform'))
    .addOption(limitOption('detections').default(100))
    .addOption(
      new Option('--format <format>', 'output format (ocsf: OCSF Detection Finding 2004 array)')
        .choices([...OUTPUT_FORMATS, 'ocsf'])
        .default('table'),
    )
    .option('--json', 'same as --format json')
    .action(
      async (
        opts: { platform?: string; limit: number; format: OutputFormat | 'ocsf'; json?: boolean },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const store = await ctx.openStore();
        try {
          const rows = await listDetections(store, { platform: opts.platform, limit: opts.limit });
          if (opts.format === 'ocsf') ctx.out(toJson(detectionsToOcsf(rows, DETECTIONS)));
          else ctx.out(render(rows, COLUMNS, opts.json ? 'json' : opts.format));
        } finally {
          await store.close();
        }
      },
    );
}

const COLUMNS = [
  { header: 'severity', value: (d: Detection) => d.severity },
  { header: 'rule', value: (d: Detection) => d.ruleId },
  { header: 'last event', value: (d: Detection) => timeCell(d.lastEventAt) },
  { header: 'actor', value: (d: Detection) => d.identityId ?? d.actor, maxWidth: 60 },
  { header: 'what', value: (d: Detection) => d.message, maxWidth: 100 },
  { header: 'events', value: (d: Detection) => d.eventCount },
  { header: 'event ids', value: (d: Detection) => d.eventIds.slice(0, 3).join(' '), maxWidth: 60 },
];
