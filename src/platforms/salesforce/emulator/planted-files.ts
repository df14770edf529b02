import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import type { PlantedLogFile } from './state.js';

/** The planted activity this emulator serves (EventLogFile). */
export const ACTIVITY_FORMAT = 'salesforce-elf';

/**
 * The planted logs (one CSV per event type, rows over several days) as Event Monitoring keeps them: one Daily file
 * per event type and UTC day of the rows' `TIMESTAMP_DERIVED`, `LogDate` that day at midnight, the header of the
 * planted CSV and every value quoted, ids `0AT…` in order.
 */
export function dailyLogFiles(logs: readonly PlantedActivity[] | undefined): PlantedLogFile[] {
  const files: PlantedLogFile[] = [];
  for (const log of (logs ?? []).filter((l) => l.format === ACTIVITY_FORMAT)) {
    const rows = parse(log.text, { columns: true }) as Record<string, string>[];
    const byDay = new Map<string, Record<string, string>[]>();
    for (const row of rows) {
      const day = row.TIMESTAMP_DERIVED.slice(0, 10);
      const dayRows = byDay.get(day);
      if (dayRows) dayRows.push(row);
      else byDay.set(day, [row]);
    }
    const columns = Object.keys(rows[0] ?? {});
    for (const [day, dayRows] of [...byDay].sort(([a], [b]) => a.localeCompare(b)))
      files.push({
        Id: `0AT${String(files.length + 1).padStart(15, '0')}`,
        EventType: dayRows[0].EVENT_TYPE,
        LogDate: `${day}T00:00:00.000+0000`,
        Interval: 'Daily',
        csv: stringify(dayRows, { header: true, columns, quoted: true }),
      });
  }
  return files;
}
