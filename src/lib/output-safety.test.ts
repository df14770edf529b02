import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capWidth,
  csvCell,
  htmlText,
  slackText,
  stripNul,
  TABLE_CELL_MAX,
  tableCell,
  terminalBlock,
  terminalBlockWithColour,
  terminalText,
  toJson,
} from './output-safety.js';

const ESC = '\u001b';
const BEL = '\u0007';
const NUL = '\u0000';
const RLO = '\u202e';
/** Anything a terminal could act on: C0 except LF/TAB, DEL, C1, bidi controls, LS/PS. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW_HAZARD = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW_HAZARD_OR_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('csvCell (OWASP CSV injection)', () => {
  it.each([
    [`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`],
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['@SUM(1)', `'@SUM(1)`],
    ['-2+3', `'-2+3`],
    ['+1', `'+1`],
    ['\tleading tab', `'\tleading tab`],
    ['argo-cd', 'argo-cd'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j becomes %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves numbers (Steward counts) as numbers and turns null into an empty cell', () => {
    expect(csvCell(-3)).toBe(-3);
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('a leading CR is escaped visibly and cannot start a formula', () => {
    expect(csvCell('\r=1+1')).toBe('\\x0d=1+1');
  });

  it('a NUL in front of a formula is stripped and the formula still neutralised', () => {
    expect(csvCell(`${NUL}=1+1`)).toBe(`'=1+1`);
  });

  it('escapes ESC, BEL and bidi controls, keeps line feeds and tabs inside the cell', () => {
    expect(csvCell(`a${ESC}[2Jb${BEL}c${RLO}d`)).toBe('a\\x1b[2Jb\\x07c\\u202ed');
    expect(csvCell('line 1\nline\t2')).toBe('line 1\nline\t2');
  });

  it('survives quoting by csv-stringify and parses back to the neutralised value', () => {
    const text = stringify([[csvCell(`=cmd|' /C calc'!A0`), csvCell('a,"b"')]]);
    expect(parse(text)).toEqual([[`'=cmd|' /C calc'!A0`, 'a,"b"']]);
  });
});

describe('terminalText and tableCell', () => {
  it.each([
    [`${ESC}[2J`, '\\x1b[2J'],
    [`${ESC}]0;pwned${BEL}`, '\\x1b]0;pwned\\x07'],
    [`evil${NUL}name`, 'evilname'],
    [`invoice${RLO}fdp.exe`, 'invoice\\u202efdp.exe'],
    ['\u009b31m', '\\x9b31m'],
    ['\u009d0;t\u009c', '\\x9d0;t\\x9c'],
    ['del\u007f', 'del\\x7f'],
    ['\u2066iso\u2069 \u200e\u200f', '\\u2066iso\\u2069 \\u200e\\u200f'],
    ['two\nlines\ttab\rcr', 'two\\x0alines\\x09tab\\x0dcr'],
    ['plain ascii, ünïcödé, 日本', 'plain ascii, ünïcödé, 日本'],
  ])('%j is shown as %j', (input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });

  it('renders null and undefined as empty and numbers as text', () => {
    expect(terminalText(null)).toBe('');
    expect(terminalText(undefined)).toBe('');
    expect(terminalText(42)).toBe('42');
  });

  it('caps a 10 KB name at 80 characters with an ellipsis', () => {
    const cell = tableCell('x'.repeat(10_240));
    expect(TABLE_CELL_MAX).toBe(80);
    expect(cell).toBe(`${'x'.repeat(79)}…`);
  });

  it('caps after escaping, by code point (a surrogate pair is never split)', () => {
    expect(tableCell(ESC.repeat(30), 10)).toBe('\\x1b\\x1b\\…');
    expect(capWidth('😀'.repeat(5), 3)).toBe('😀😀…');
    expect(capWidth('short', 80)).toBe('short');
  });
});

describe('terminalBlock (the safety net under all CLI output)', () => {
  it('keeps line feeds and tabs, escapes the rest as JSON-compatible \\u escapes', () => {
    expect(terminalBlock(`a\tb\nc${ESC}[2J${NUL}\r${RLO}`)).toBe('a\tb\nc\\u001b[2J\\u000d\\u202e');
  });

  it('leaves JSON text parseable to the same value', () => {
    const json = JSON.stringify({ name: `\u009b${RLO}` });
    expect(JSON.parse(terminalBlock(json))).toEqual({ name: `\u009b${RLO}` });
  });
});

describe('terminalBlockWithColour (the net on a colour terminal)', () => {
  it('lets colour-only SGR through and escapes every other sequence', () => {
    expect(terminalBlockWithColour(`${ESC}[31mcritical${ESC}[39m ${ESC}[90mx${ESC}[39m`)).toBe(
      `${ESC}[31mcritical${ESC}[39m ${ESC}[90mx${ESC}[39m`,
    );
    // Clear screen, cursor moves, bold+colour combinations, OSC titles and hyperlinks stay escaped.
    expect(terminalBlockWithColour(`${ESC}[2J${ESC}[1;31m${ESC}[31;1H${ESC}]8;;http://x${BEL}${RLO}${NUL}`)).toBe(
      '\\u001b[2J\\u001b[1;31m\\u001b[31;1H\\u001b]8;;http://x\\u0007\\u202e',
    );
  });
});

describe('toJson', () => {
  it('drops NUL from strings and keys, escapes C1 and bidi, and round-trips', () => {
    const value = { [`k${NUL}ey`]: [`a${NUL}b`, `${ESC}]0;pwned${BEL}`, `x${RLO}y`, '\u0085', 3, null] };
    const text = toJson(value);
    expect(text).not.toContain('\\u0000');
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u0085');
    expect(RAW_HAZARD.test(text)).toBe(false);
    expect(JSON.parse(text)).toEqual({ key: ['ab', `${ESC}]0;pwned${BEL}`, `x${RLO}y`, '\u0085', 3, null] });
  });

  it('keeps escaped backslashes intact next to an escaped character', () => {
    expect(JSON.parse(toJson([`\\${RLO}`]))).toEqual([`\\${RLO}`]);
  });
});

describe('htmlText', () => {
  it('escapes markup and makes controls visible', () => {
    expect(htmlText(`<script>alert('x')</script>&"${RLO}${ESC}`)).toBe(
      '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\\u202e\\x1b',
    );
  });
});

describe('properties over arbitrary strings', () => {
  // Full Unicode plus a bias towards the characters that matter here.
  const hostile = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.string({
      unit: fc.constantFrom(
        '=',
        '+',
        '-',
        '@',
        '\t',
        '\r',
        '\n',
        NUL,
        ESC,
        BEL,
        RLO,
        '\u009b',
        '\u2066',
        'a',
        '"',
        ',',
      ),
    }),
  );
  const runs = { numRuns: 400 };

  it('no CSV cell starts with a formula character, and the cell parses back unchanged from CSV text', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const cell = csvCell(s) as string;
        expect(['=', '+', '-', '@', '\t', '\r']).not.toContain(cell.charAt(0));
        expect(cell).not.toContain(NUL);
        expect(parse(stringify([[cell]]), { relax_column_count: true })).toEqual([[cell]]);
      }),
      runs,
    );
  });

  it('no table cell or text field contains a raw control, line break or bidi character', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(RAW_HAZARD_OR_LINE.test(terminalText(s))).toBe(false);
        const cell = tableCell(s);
        expect(RAW_HAZARD_OR_LINE.test(cell)).toBe(false);
        expect(Array.from(cell).length).toBeLessThanOrEqual(TABLE_CELL_MAX);
        expect(RAW_HAZARD.test(terminalBlock(s))).toBe(false);
      }),
      runs,
    );
  });

  it('JSON round-trips to the value minus NUL and carries no raw hazard', () => {
    fc.assert(
      fc.property(fc.dictionary(hostile, fc.array(hostile, { maxLength: 3 }), { maxKeys: 3 }), (value) => {
        const text = toJson(value);
        expect(RAW_HAZARD.test(text)).toBe(false);
        const expected = Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), v.map(stripNul)]));
        expect(JSON.parse(text)).toEqual(expected);
      }),
      runs,
    );
  });
});

describe('slackText', () => {
  it('escapes the control-sequence characters so vendor text cannot mention, link or inject', () => {
    expect(slackText('<!channel> <@U024BE7LH> <https://evil.example|click> a & b')).toBe(
      '&lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example|click&gt; a &amp; b',
    );
  });
  it('makes controls and bidi characters visible and drops NUL', () => {
    expect(slackText(`a\nb${ESC}[31m\u202ec${NUL}`)).toBe('a\\x0ab\\x1b[31m\\u202ec');
  });
  it('never leaves a raw < > or unescaped & (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = slackText(s);
        return !/[<>]/.test(out) && !/&(?!amp;|lt;|gt;)/.test(out);
      }),
    );
  });
});
