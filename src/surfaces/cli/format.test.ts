import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Column, dateCell, render } from './format.js';

interface Row {
  name: string;
  owner: string;
  count: number;
}
const COLUMNS: Column<Row>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'owner', value: (r) => r.owner },
  { header: 'count', value: (r) => r.count },
];
const NUL = '\u0000';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const RAW_BUT_LF_TAB =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', NUL, '\u001b', '\u0007', '\u009b', '\u202e', 'x', '"'),
    maxLength: 20,
  }),
  fc.string({ unit: 'grapheme-ascii', minLength: 70, maxLength: 300 }),
);
const rows = fc.array(fc.record({ name: text, owner: text, count: fc.nat() }), { minLength: 1, maxLength: 5 });

describe('render() over arbitrary strings (property)', () => {
  it('CSV: no cell starts with a formula character, no NUL, numbers untouched', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const out = render(rs, COLUMNS, 'csv');
        expect(RAW_BUT_LF_TAB.test(out)).toBe(false);
        const parsed = parse(out) as string[][];
        expect(parsed).toHaveLength(rs.length + 1);
        for (const cell of parsed.flat()) expect(['=', '+', '-', '@', '\t', '\r']).not.toContain(cell.charAt(0));
        expect(parsed.slice(1).map((r) => Number(r[2]))).toEqual(rs.map((r) => r.count));
      }),
      { numRuns: 100 },
    );
  });

  it('table: no raw control, bidi or stray line break; every cell at most 80 characters', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const out = render(rs, COLUMNS, 'table');
        expect(RAW_BUT_LF.test(out)).toBe(false);
        // One line per row plus header and borders: a line break inside a value would add lines.
        expect(out.split('\n')).toHaveLength(rs.length * 2 + 3);
        // Borders and padding: │ name(≤80) │ owner(≤80) │ count(≤10 digits) │ → at most 180 characters.
        for (const line of out.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(180);
      }),
      { numRuns: 100 },
    );
  });

  it('JSON: round-trips to the rows minus NUL', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const out = render(rs, COLUMNS, 'json');
        const strip = (s: string) => s.replaceAll(NUL, '');
        expect(JSON.parse(out)).toEqual(rs.map((r) => ({ ...r, name: strip(r.name), owner: strip(r.owner) })));
      }),
      { numRuns: 100 },
    );
  });
});

describe('missing values', () => {
  const columns: Column<{ used: string | null }>[] = [{ header: 'last used', value: (r) => dateCell(r.used) }];
  const rows = [{ used: null }, { used: '2026-11-01T10:00:00.000Z' }];

  it('are an empty CSV cell (not a "-" that the formula guard would turn into "\'-")', () => {
    expect(render(rows, columns, 'csv')).toBe('last used\n\n2026-11-01\n');
  });

  it('show as - in tables', () => {
    expect(render(rows, columns, 'table')).toMatch(/│ -\s+│/);
  });
});
