import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenignNovelty, ExpectedDetection } from '../../../emulation/estate/activity.js';
import type { Estate } from '../../../emulation/estate/index.js';
import { terminalBlock } from '../../../lib/output-safety.js';
import type { PlatformId, Severity } from '../../../model/index.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import type { StoredEvent } from '../../../monitoring/events-store.js';
import type { ImportSummary } from '../../../monitoring/pipeline.js';
import { loadEmulations } from '../../../platforms/registry.js';
import type { Store } from '../../../store/index.js';
import { eventsById } from '../../api/detections.js';
import { importActivityFile } from './events.js';

/** One platform's planted log, imported. */
export interface PlantedImport {
  platform: string;
  /** Its `steward events import --format`. */
  format: string;
  fileName: string;
  /** The log as written (vendor wire format): tests read the planted records' ids from it. */
  text: string;
  summary: ImportSummary;
  expected: ExpectedDetection[];
  benign: BenignNovelty[];
}

/**
 * The estate's planted activity (each platform's generator writes its log in the vendor's format), imported after
 * the scan through `steward events import`'s own path: written to a file, then read, parsed, resolved and detected.
 */
export async function importPlantedActivity(store: Store, estate: Estate, now: () => Date): Promise<PlantedImport[]> {
  const labels = estate.labels.identities;
  const dir = mkdtempSync(join(tmpdir(), 'steward-demo-activity-'));
  const imports: PlantedImport[] = [];
  try {
    for (const emulation of await loadEmulations(Object.keys(estate.platforms) as PlatformId[])) {
      const id = emulation.platform.id;
      const planted = emulation.activity?.(
        estate.platforms[id],
        labels.filter((l) => l.platform === id),
        new Date(estate.now),
      );
      for (const log of [planted ?? []].flat()) {
        const file = join(dir, log.fileName);
        writeFileSync(file, log.text);
        const summary = await importActivityFile(store, file, log.format, { now });
        imports.push({
          platform: id,
          format: log.format,
          fileName: log.fileName,
          text: log.text,
          summary,
          expected: log.expected,
          benign: log.benign,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return imports;
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The demo's detections section: what was imported, then the most severe detections with their first events. */
export async function detectionsSection(store: Store, imports: readonly PlantedImport[], shown = 5): Promise<string> {
  const lines = ['Detections from the planted activity (imported like `steward events import`):'];
  for (const i of imports) {
    const s = i.summary;
    lines.push(
      `  ${i.platform}: ${i.fileName}: ${s.events} events, ${s.actors.resolved} actors resolved to inventory NHIs, ${s.detections.total} detections`,
    );
  }
  const all = await listDetections(store);
  const worst = [...all].sort((a, b) => RANK[a.severity] - RANK[b.severity]).slice(0, shown);
  const events = await eventsById(store, new Set(worst.flatMap((d) => d.eventIds.slice(0, 2))));
  for (const d of worst) {
    lines.push(`  ${d.severity.padEnd(6)} ${d.ruleId}: ${d.message}`);
    for (const id of d.eventIds.slice(0, 2)) {
      const e = events.get(id);
      if (e) lines.push(`         ${eventLine(e)}`);
    }
  }
  if (all.length > worst.length) lines.push(`  ... and ${all.length - worst.length} more: \`steward detections\``);
  return terminalBlock(lines.join('\n'));
}

/** One event as a line: when, what, whether it worked, from where, with what. */
export function eventLine(e: StoredEvent): string {
  const origin = [e.sourceIp, e.asn !== null ? `AS${e.asn}` : null, e.country].filter(Boolean).join(' ');
  return `${e.time} ${e.operation}${e.success ? '' : ' (failed)'}${origin ? ` from ${origin}` : ''}${e.uaFamily ? ` with ${e.uaFamily}` : ''} [${e.id}]`;
}
