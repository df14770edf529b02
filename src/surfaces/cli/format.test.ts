import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Column, colourSeverity, dateCell, fitColumns, render, stdoutLayout, timeCell } from './format.js';

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

describe('tables fit the terminal', () => {
  interface Wide {
    name: string;
    id: string;
    note: string;
  }
  const wide: Wide[] = [{ name: 'a'.repeat(30), id: `github:acme:app:${'9'.repeat(30)}`, note: 'n'.repeat(60) }];
  const columns: Column<Wide>[] = [
    { header: 'name', value: (r) => r.name, minWidth: 10, priority: 9 },
    { header: 'id', value: (r) => r.id, priority: 5 },
    { header: 'note', value: (r) => r.note, minWidth: 10, priority: 0 },
  ];
  const widest = (table: string) => Math.max(...table.split('\n').map((l) => Array.from(l).length));

  it('piped (no width): every column at full width', () => {
    const out = render(wide, columns, 'table', undefined, { width: null, colour: false });
    expect(out).toContain('a'.repeat(30));
    expect(out).toContain('n'.repeat(60));
    expect(widest(out)).toBeGreaterThan(120);
  });

  it('narrow: truncates the truncatable columns, keeps ids whole, drops the lowest priority last resort', () => {
    const out = render(wide, columns, 'table', undefined, { width: 80, colour: false });
    expect(widest(out)).toBeLessThanOrEqual(80);
    expect(out).toContain(wide[0].id);
    expect(out).toContain('…');
    const tiny = render(wide, columns, 'table', undefined, { width: 40, colour: false });
    expect(widest(tiny)).toBeLessThanOrEqual(40);
    expect(tiny).not.toContain('github:acme'); // the whole id cannot fit: dropped, not cut
    expect(tiny).toContain('note'); // a narrower column of lower priority comes back once the id is gone
  });

  it('fitColumns: shrink first, then drop by priority, then bring back what fits', () => {
    const cols = [{ minWidth: 4 }, { priority: 5 }, { minWidth: 4, priority: 0 }];
    expect(fitColumns(cols, [10, 10, 10], null)).toEqual([
      { index: 0, width: 10 },
      { index: 1, width: 10 },
      { index: 2, width: 10 },
    ]);
    // 30 of content + 10 of borders = 40: fits 40, two characters too many for 38 (taken from the widest shrinkable).
    expect(fitColumns(cols, [10, 10, 10], 38).map((c) => c.width)).toEqual([9, 10, 9]);
    // 20 wide: the id-like column (no minWidth) cannot fit beside the others and goes; the last one comes back.
    expect(fitColumns(cols, [10, 10, 10], 20)).toEqual([
      { index: 0, width: 6 },
      { index: 2, width: 7 },
    ]);
  });

  it('colours only the styled cells, and only when the layout allows colour', () => {
    const sev: Column<{ s: 'critical' }>[] = [
      { header: 'severity', value: (r) => r.s, style: (c) => colourSeverity(c, 'critical') },
    ];
    expect(render([{ s: 'critical' }], sev, 'table', undefined, { width: null, colour: true })).toContain(
      '\u001b[31mcritical\u001b[39m',
    );
    expect(render([{ s: 'critical' }], sev, 'table', undefined, { width: null, colour: false })).not.toContain(
      '\u001b',
    );
    expect(render([{ s: 'critical' }], sev, 'csv')).not.toContain('\u001b');
  });

  it('stdoutLayout: full width and no colour when piped; NO_COLOR turns colour off on a terminal', () => {
    const tty = { isTTY: true, columns: 90, hasColors: () => true } as unknown as NodeJS.WriteStream;
    const pipe = { isTTY: false, columns: undefined } as unknown as NodeJS.WriteStream;
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      expect(stdoutLayout(tty)).toEqual({ width: 90, colour: true });
      expect(stdoutLayout(pipe)).toEqual({ width: null, colour: false });
      process.env.NO_COLOR = '1';
      expect(stdoutLayout(tty)).toEqual({ width: 90, colour: false });
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('a hostile cell is escaped before it is fitted or coloured', () => {
    const hostile = [{ name: `evil\u001b[2J\u202e${'x'.repeat(50)}`, owner: 'o', count: 1 }];
    const out = render(
      hostile,
      COLUMNS.map((c) => ({ ...c, minWidth: 5 })),
      'table',
      undefined,
      { width: 30, colour: true },
    );
    expect(RAW_BUT_LF.test(out)).toBe(false);
    expect(out).toContain('evil\\x1b[');
  });
});

describe('timestamps carry their zone', () => {
  it('timeCell', () => {
    expect(timeCell('2026-11-01T09:30:12.000Z')).toBe('2026-11-01 09:30 UTC');
    expect(timeCell(null)).toBeNull();
  });
});
