import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { csvCell, TABLE_CELL_MAX, tableCell, toJson } from '../../lib/output-safety.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The table width cap for identity ids: wide enough to copy a long ARN into `owners show`, still bounded. */
export const ID_CELL_MAX = 200;

export interface Column<T> {
  header: string;
  value(row: T): string | number | null | undefined;
  /** Table cells of this column are capped at this many characters (default TABLE_CELL_MAX); CSV/JSON are full. */
  maxWidth?: number;
}

/**
 * Renders rows as an aligned table, CSV, or JSON (JSON renders `json(row)` — the full object, not the columns),
 * through the output-safety layer (src/lib/output-safety.ts): table cells have control and bidi characters escaped
 * and are capped in width; CSV cells are neutralised against formula injection; JSON has NUL removed.
 */
export function render<T>(
  rows: T[],
  columns: Column<T>[],
  format: OutputFormat,
  json: (row: T) => unknown = (r) => r,
): string {
  if (format === 'json') return toJson(rows.map(json));
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  if (format === 'csv') return csvText([columns.map((c) => c.header), ...cells]);
  if (rows.length === 0) return '(none)';
  const table = new Table({ head: columns.map((c) => tableCell(c.header)), style: { head: [], border: [] } });
  for (const row of cells)
    table.push(row.map((v, i) => tableCell(v ?? MISSING, columns[i].maxWidth ?? TABLE_CELL_MAX)));
  return table.toString();
}

/** CSV text with every cell neutralised (`csvCell`): the only CSV writer the CLI uses. */
export function csvText(rows: Array<Array<string | number | null | undefined>>): string {
  return stringify(rows.map((row) => row.map(csvCell)));
}

/** What a table shows for a missing value; a column returns null for it, so CSV gets an empty cell instead. */
export const MISSING = '-';

export const shortDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : MISSING);

/** A date column's value: the day, or null when there is none (shown as MISSING in tables, empty in CSV). */
export const dateCell = (iso: string | null | undefined): string | null => (iso ? iso.slice(0, 10) : null);
