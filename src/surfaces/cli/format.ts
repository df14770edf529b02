import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  value(row: T): string | number | null | undefined;
}

/** Renders rows as an aligned table, CSV, or JSON (JSON renders `json(row)` — the full object, not the columns). */
export function render<T>(
  rows: T[],
  columns: Column<T>[],
  format: OutputFormat,
  json: (row: T) => unknown = (r) => r,
): string {
  if (format === 'json') return JSON.stringify(rows.map(json), null, 2);
  const cells = rows.map((r) => columns.map((c) => c.value(r) ?? ''));
  if (format === 'csv') return stringify([columns.map((c) => c.header), ...cells]);
  if (rows.length === 0) return '(none)';
  const table = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] } });
  for (const row of cells) table.push(row.map((v) => String(v)));
  return table.toString();
}

export const shortDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '-');
