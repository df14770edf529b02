import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_FORMATS } from '../platforms/registry.js';
import { corporaDir } from '../testing/corpora.js';
import type { ActivityFormat } from './event.js';

/**
 * Parser coverage on Panther's labelled rule-test events (read in place): for each Panther log type one of our
 * formats reads, how many of its test events parse, and why the others do not. Many of Panther's test events are
 * trimmed to the fields its rule reads (no event id, no time): those are quarantined, as an import would. The figures
 * are the ones docs/monitoring.md reports.
 */
const file = join(corporaDir(), 'panther-analysis-rules', 'labelled_test_events.jsonl');
const format = (id: string) => ACTIVITY_FORMATS.find((f) => f.format.id === id)?.format as ActivityFormat;
/** Panther log type → the formats that may read it (Azure.Audit holds both directory audits and sign-ins). */
const READERS: Record<string, string[]> = {
  'AWS.CloudTrail': ['cloudtrail'],
  'GitHub.Audit': ['github-audit'],
  'Azure.Audit': ['graph-audits', 'graph-signins'],
};

interface Coverage {
  total: number;
  parsed: number;
  tagged: number;
  rejected: Record<string, number>;
}

function coverage(): Record<string, Coverage> {
  const out: Record<string, Coverage> = {};
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const test = JSON.parse(line) as { log_types: string[]; log: Record<string, unknown> };
    for (const type of test.log_types.filter((t) => READERS[t])) {
      out[type] ??= { total: 0, parsed: 0, tagged: 0, rejected: {} };
      const c = out[type];
      c.total++;
      const errors: string[] = [];
      for (const id of READERS[type]) {
        try {
          const events = format(id).parse(test.log);
          c.parsed++;
          if (events.some((e) => e.tags.length)) c.tagged++;
          errors.length = 0;
          break;
        } catch (e) {
          errors.push((e as Error).message.replace(/ \(.*\)$/, ''));
        }
      }
      if (errors.length) c.rejected[errors[0]] = (c.rejected[errors[0]] ?? 0) + 1;
    }
  }
  return out;
}

describe("Panther's labelled test events: parser coverage", () => {
  // Every test event that carries the vendor's event id parses, but a CloudTrail record whose eventTime reads
  // "redacted" and a GitHub entry with no time at all; the others lack the id (Panther trims test events to what its
  // rule reads). Times as Panther writes them ("2024-03-13 22:36:27.788000000", UTC) are read.
  it('parses every test event that carries the vendor id; says why the others are quarantined', () => {
    expect(coverage()).toEqual({
      'AWS.CloudTrail': {
        total: 530,
        parsed: 406,
        tagged: 86,
        rejected: { 'not a CloudTrail record': 123, 'eventTime is not a date': 1 },
      },
      'GitHub.Audit': {
        total: 125,
        parsed: 17,
        tagged: 2,
        rejected: { 'not a GitHub audit-log entry': 107, 'created_at is not a time': 1 },
      },
      'Azure.Audit': {
        total: 73,
        parsed: 24,
        tagged: 4,
        rejected: { 'not a directory audit': 49 },
      },
    });
  });
});
