import { describe, expect, it } from 'vitest';
import { RecordSplitter } from './split.js';

function split(parts: readonly string[]) {
  const records: unknown[] = [];
  const malformed: Array<[number, string]> = [];
  const splitter = new RecordSplitter({
    record: (text) => records.push(JSON.parse(text)),
    malformed: (at, reason) => malformed.push([at, reason]),
  });
  for (const p of parts) splitter.push(p);
  splitter.end();
  return { records, malformed };
}

/** Every way of cutting `text` into two chunks, plus one character at a time. */
function cuts(text: string): string[][] {
  const out: string[][] = [[...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const tricky = { a: 'brace } and ] and { inside', b: 'quote \\" and \\\\', c: [1, { d: '"}' }] };

describe('RecordSplitter', () => {
  it('reads a pretty-printed array ending in a newline however it is cut (a chunk may end inside a string)', () => {
    const text = `${JSON.stringify([{ n: 1 }, tricky], null, 2)}\n`;
    for (const parts of cuts(text)) expect(split(parts)).toEqual({ records: [{ n: 1 }, tricky], malformed: [] });
  });

  it('splits a CloudTrail {"Records":[…]} file however it is cut', () => {
    const text = JSON.stringify({ Records: [{ n: 1 }, tricky, { n: 3 }] });
    for (const parts of cuts(text))
      expect(split(parts)).toEqual({ records: [{ n: 1 }, tricky, { n: 3 }], malformed: [] });
  });

  it('splits a pretty-printed JSON array and concatenated wrappers', () => {
    const text = `${JSON.stringify([{ n: 1 }, tricky], null, 3)}\n${JSON.stringify({ Records: [{ n: 2 }] })}\n`;
    expect(split([text])).toEqual({ records: [{ n: 1 }, tricky, { n: 2 }], malformed: [] });
  });

  it('splits JSON lines and reports a cut-short line and a stray token without losing the next records', () => {
    const text = '{"n":1}\n{"n":2,"s":"cut\n{"n":3}\nnull\n{"n":4,"x":{"y"\n{"n":5}';
    for (const parts of cuts(text))
      expect(split(parts)).toEqual({
        records: [{ n: 1 }, { n: 3 }, { n: 5 }],
        malformed: [
          [8, 'truncated record (its line ends before it closes)'],
          [32, 'not a JSON object where a record should start'],
          [37, 'truncated record (its line ends before it closes)'],
        ],
      });
  });

  it('reports a record still open at the end of the input', () => {
    expect(split(['{"Records":[{"n":1},{"n":'])).toEqual({
      records: [{ n: 1 }],
      malformed: [[20, 'truncated record at end of input']],
    });
  });
});
