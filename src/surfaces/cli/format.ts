import { styleText } from 'node:util';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { csvCell, TABLE_CELL_MAX, tableCell, toJson } from '../../lib/output-safety.js';
import type { Severity } from '../../model/index.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The table width cap for identity ids: wide enough to copy a long ARN into `owners show`, still bounded. */
export const ID_CELL_MAX = 200;

export interface Column<T> {
  header: string;
  value(row: T): string | number | null | undefined;
  /** Table cells of this column are capped at this many characters (default TABLE_CELL_MAX); CSV/JSON are full. */
  maxWidth?: number;
  /**
   * On a terminal too narrow for the table, the column may be truncated down to this width before any column is
   * dropped. Absent: never truncated (an id the reader copies into another command must stay whole).
   */
  minWidth?: number;
  /** On a terminal too narrow even then, columns are dropped lowest priority first (default 1). */
  priority?: number;
  /** A terminal-only decoration of the (already escaped and fitted) cell, e.g. a severity colour. */
  style?(cell: string, row: T): string;
}

/** How a table is laid out: `width` null = as wide as the content (piped output, files); `colour` for styles. */
export interface TableLayout {
  width: number | null;
  colour: boolean;
}

/**
 * The layout of stdout: fitted to the terminal's width and coloured only when stdout is a terminal; piped or
 * redirected output gets full-width tables without escape codes. Colour also honours NO_COLOR / FORCE_COLOR / TERM
 * through `hasColors()`.
 */
export function stdoutLayout(stream: NodeJS.WriteStream = process.stdout): TableLayout {
  const tty = Boolean(stream.isTTY);
  return {
    width: tty && stream.columns ? stream.columns : null,
    colour: tty && colourAllowed() && (stream.hasColors?.() ?? false),
  };
}

/** NO_COLOR (https://no-color.org): present and not empty turns colour off, whatever the terminal supports. */
const colourAllowed = (): boolean => !process.env.NO_COLOR;

/**
 * Renders rows as an aligned table, CSV, or JSON (JSON renders `json(row)` — the full object, not the columns),
 * through the output-safety layer (src/lib/output-safety.ts): table cells have control and bidi characters escaped
 * and are capped in width; CSV cells are neutralised against formula injection; JSON has NUL removed. A table is
 * fitted to `layout.width` (fitColumns) and styled only with `layout.colour`.
 */
export function render<T>(
  rows: T[],
  columns: Column<T>[],
  format: OutputFormat,
  json: (row: T) => unknown = (r) => r,
  layout: TableLayout = stdoutLayout(),
): string {
  if (format === 'json') return toJson(rows.map(json));
  if (format === 'csv')
    return csvText([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => c.value(r)))]);
  if (rows.length === 0) return '(none)';
  const capped = rows.map((r) => columns.map((c) => tableCell(c.value(r) ?? MISSING, c.maxWidth ?? TABLE_CELL_MAX)));
  const headers = columns.map((c) => tableCell(c.header));
  const fit = fitColumns(columns, naturalWidths(headers, capped), layout.width);
  const table = new Table({
    head: fit.map((f) => tableCell(headers[f.index], f.width)),
    style: { head: [], border: [] },
  });
  for (const [n, cells] of capped.entries()) {
    const shown = fit.map(({ index, width }) => {
      const cell = tableCell(cells[index], width);
      const style = columns[index].style;
      return layout.colour && style ? style(cell, rows[n]) : cell;
    });
    table.push(shown);
  }
  return table.toString();
}

const naturalWidths = (headers: string[], rows: string[][]): number[] =>
  headers.map((h, i) => Math.max(Array.from(h).length, ...rows.map((r) => Array.from(r[i]).length)));

/** What cli-table3 adds around n columns: one space each side of every cell, and n + 1 borders. */
const chrome = (n: number): number => 3 * n + 1;

/**
 * Which columns a table of `width` characters shows, and how wide: everything at its natural width when it fits
 * (or when there is no width: piped output); else the truncatable columns (minWidth) shrink, widest first, down to
 * their minimum; else the lowest-priority column (the rightmost among equals) is dropped and the fit retried, and
 * columns dropped on the way that fit again come back. The first column always stays.
 */
export function fitColumns(
  columns: ReadonlyArray<Pick<Column<unknown>, 'minWidth' | 'priority'>>,
  natural: readonly number[],
  width: number | null,
): Array<{ index: number; width: number }> {
  let shown = columns.map((_, index) => index);
  const floor = (i: number) => Math.min(natural[i], columns[i].minWidth ?? natural[i]);
  const total = (ids: number[], w: (i: number) => number) => ids.reduce((a, i) => a + w(i), 0) + chrome(ids.length);
  if (width !== null) {
    while (shown.length > 1 && total(shown, floor) > width) shown = withoutLowestPriority(shown, columns);
    shown = withDroppedThatFit(shown, columns, (ids) => total(ids, floor) <= width);
  }
  const widths = new Map(shown.map((i) => [i, natural[i]]));
  if (width !== null) shrinkToFit(widths, floor, width - chrome(shown.length));
  return shown.map((index) => ({ index, width: widths.get(index) ?? natural[index] }));
}

function withoutLowestPriority(shown: number[], columns: ReadonlyArray<Pick<Column<unknown>, 'priority'>>): number[] {
  const candidates = shown.slice(1);
  const lowest = candidates.reduce((a, i) => ((columns[i].priority ?? 1) <= (columns[a].priority ?? 1) ? i : a));
  return shown.filter((i) => i !== lowest);
}

/**
 * A wide column that cannot be truncated (an id) may have been dropped after narrower ones of lower priority: those
 * come back, highest priority first, wherever they still fit.
 */
function withDroppedThatFit(
  shown: number[],
  columns: ReadonlyArray<Pick<Column<unknown>, 'priority'>>,
  fits: (ids: number[]) => boolean,
): number[] {
  const dropped = columns
    .map((_, i) => i)
    .filter((i) => !shown.includes(i))
    .sort((a, b) => (columns[b].priority ?? 1) - (columns[a].priority ?? 1) || a - b);
  let kept = shown;
  for (const i of dropped) {
    const candidate = [...kept, i].sort((a, b) => a - b);
    if (fits(candidate)) kept = candidate;
  }
  return kept;
}

/** Takes one character at a time from the widest column still above its floor until the content fits `budget`. */
function shrinkToFit(widths: Map<number, number>, floor: (i: number) => number, budget: number): void {
  let excess = [...widths.values()].reduce((a, w) => a + w, 0) - budget;
  while (excess > 0) {
    let widest = -1;
    for (const [i, w] of widths) if (w > floor(i) && (widest < 0 || w > (widths.get(widest) ?? 0))) widest = i;
    if (widest < 0) return;
    widths.set(widest, (widths.get(widest) ?? 0) - 1);
    excess--;
  }
}

const SEVERITY_STYLE: Record<Severity, Parameters<typeof styleText>[0]> = {
  critical: 'red',
  high: 'magenta',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

/**
 * A severity in its colour, with node's util.styleText (no colour library is a dependency of Steward; styleText is
 * built in since Node 20.12). Callers decide whether colour is allowed (stdoutLayout: TTY, NO_COLOR), for the
 * stream they write to, so styleText's own check of stdout is off.
 */
export const colourSeverity = (text: string, severity: Severity): string =>
  styleText(SEVERITY_STYLE[severity], text, { validateStream: false });

/** CSV text with every cell neutralised (`csvCell`): the only CSV writer the CLI uses. */
export function csvText(rows: Array<Array<string | number | null | undefined>>): string {
  return stringify(rows.map((row) => row.map(csvCell)));
}

/** What a table shows for a missing value; a column returns null for it, so CSV gets an empty cell instead. */
export const MISSING = '-';

export const shortDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : MISSING);

/** A date column's value: the day, or null when there is none (shown as MISSING in tables, empty in CSV). */
export const dateCell = (iso: string | null | undefined): string | null => (iso ? iso.slice(0, 10) : null);

/** A timestamp with its zone, to the minute: "2026-11-01 09:30 UTC" (the store keeps UTC). */
export const timeCell = (iso: string | null | undefined): string | null =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : null;
