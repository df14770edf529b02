import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Person } from '../../model/index.js';
import { FUZZ, oddString } from '../../testing/fuzz.js';
import { formatHrError, parseHrFile } from './hr-import.js';

const NOW = new Date('2026-11-01T00:00:00Z');
const HEADER = 'email,name,status,departure_date,manager,team';
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A CSV cell: plain, quoted, with separators, quotes, newlines, control characters, formulas or huge text. */
const cell = fc.oneof(
  oddString,
  fc.constantFrom(
    'ada@acme.test',
    'active',
    'departed',
    'disabled',
    '2026-03-31',
    '2026-13-45',
    '"',
    '""',
    ',',
    '\r\n',
  ),
  oddString.map((s) => `"${s.replaceAll('"', '""')}"`),
  oddString.map((s) => `"${s}`),
);
const line = fc.array(cell, { maxLength: 9 }).map((cells) => cells.join(','));
const header = fc.oneof(
  fc.constant(HEADER),
  fc.constant(`${HEADER},department,logins`),
  fc.constant(HEADER.toUpperCase()),
  fc.constant('email,email,name'),
  line,
);
const csvText = fc
  .tuple(header, fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([h, rows, eol, bom]) => `${bom ? '\ufeff' : ''}${[h, ...rows].join(eol)}`);

/** Every outcome is a result object: people that pass the Person schema, or errors that format to one clear line. */
function checkResult(bytes: Uint8Array) {
  const parsed = parseHrFile(bytes, NOW);
  for (const p of parsed.people) expect(Person.safeParse(p).success).toBe(true);
  for (const e of [...parsed.fileErrors, ...parsed.rowErrors]) {
    const text = formatHrError(e);
    expect(text).toMatch(/^row \d+/);
    expect(e.problem.trim()).not.toBe('');
  }
  expect(parsed.people.length + parsed.rejectedWithoutEmail).toBeLessThanOrEqual(parsed.rows);
  if (parsed.fileErrors.length) expect(parsed.people).toEqual([]);
  return parsed;
}

describe('HR import fuzz (parseHrFile never throws: a result with people or clear errors)', () => {
  it('arbitrary CSV-like text', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        checkResult(utf8(text));
      }),
      FUZZ,
    );
  });

  it('arbitrary bytes (invalid UTF-8, UTF-16, NUL)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        checkResult(bytes);
      }),
      FUZZ,
    );
    // A UTF-16 file is a file error, not a crash.
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...utf8(HEADER)].flatMap((b) => [b, 0])]);
    expect(checkResult(utf16).fileErrors.length).toBeGreaterThan(0);
  });

  it('a valid header with mutated rows keeps valid rows and rejects the others with a row number', () => {
    const good = 'ada@acme.test,Ada Lovelace,active,,,platform';
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (rows) => {
        const parsed = checkResult(utf8([HEADER, good, ...rows].join('\n')));
        expect(parsed.fileErrors.length === 0 || parsed.people.length === 0).toBe(true);
      }),
      FUZZ,
    );
  });
});
