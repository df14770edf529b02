import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ActivityEvent, RecordRejected } from '../../../monitoring/event.js';
import { corporaDir } from '../../../testing/corpora.js';
import { salesforceElfFormat } from './elf.js';

// Microsoft Sentinel's Salesforce Service Cloud sample (EventLogFile rows as Log Analytics holds them, lower-case
// columns) and Panther's Salesforce rule test events (EventLogFile and Real-Time Event Monitoring rows), read in place.
const corpora = corporaDir();
const sentinel = join(corpora, 'azure-sentinel-sample-data', 'SalesforceServiceCloud_CL.json');
const panther = join(corpora, 'panther-analysis-rules', 'labelled_test_events.jsonl');

function parseAll(records: unknown[]) {
  const events: ActivityEvent[] = [];
  const rejected: Record<string, number> = {};
  for (const r of records) {
    try {
      events.push(...salesforceElfFormat.parse(r));
    } catch (error) {
      expect(error).toBeInstanceOf(RecordRejected);
      const reason = (error as Error).message.replace(/ \(.*\)$/, '');
      rejected[reason] = (rejected[reason] ?? 0) + 1;
    }
  }
  return { events, rejected };
}

describe('Salesforce EventLogFile (vendor samples)', () => {
  it("Sentinel's 38 rows of 37 event types: every row with a request id parses, ids unique", () => {
    const rows = JSON.parse(readFileSync(sentinel, 'utf8')) as unknown[];
    const { events, rejected } = parseAll(rows);
    expect(rows.length).toBe(38);
    // Two rows without a request id, and a header line ingested as a row (its TIMESTAMP reads "TIMESTAMP").
    expect(rejected).toEqual({ 'not an EventLogFile row': 2, 'TIMESTAMP is not a time': 1 });
    expect(new Set(events.map((e) => e.id)).size).toBe(35);
    expect(events.filter((e) => e.tags.length).map((e) => [e.operation, e.tags])).toEqual([
      ['BulkApi', ['data.export']],
      ['LoginAs', ['session.issue']],
      ['ReportExport', ['data.export']],
    ]);
    const login = events.find((e) => e.operation === 'Login')!;
    // An OAuth token login (URI /services/oauth2/token) is not interactive; "Salesforce.com IP" is no address.
    expect([login.tags, login.sourceIp, login.time]).toEqual([[], null, Date.parse('2020-10-16T10:00:02.529Z')]);
    expect(login.actor.keys).toEqual(['0050O000003RJycQAG']);
  });

  it("Panther's 21 Salesforce test events: all parse; bulk query downloads are exports, connected apps act", () => {
    const tests = readFileSync(panther, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { log_types: string[]; log: unknown })
      .filter((t) => t.log_types.some((l) => l.startsWith('Salesforce.')));
    const { events, rejected } = parseAll(tests.map((t) => t.log));
    expect([tests.length, events.length, rejected]).toEqual([21, 21, {}]);
    const bulk = events.filter((e) => e.operation.startsWith('BulkApiResultEventStore'));
    expect(bulk.map((e) => [e.operation, e.tags])).toEqual([
      ['BulkApiResultEventStore:query', ['data.export']],
      ['BulkApiResultEventStore:query', ['data.export']],
      ['BulkApiResultEventStore:delete', []],
      ['BulkApiResultEventStore:insert', []],
    ]);
    const byApp = events.filter((e) => e.actor.programmatic);
    expect(byApp.length).toBe(8);
    expect(byApp.every((e) => e.actor.keys[0]?.startsWith('0H0'))).toBe(true);
    expect(events.find((e) => e.operation === 'OAuthTokenRefreshFailed')!.success).toBe(false);
    expect(events.find((e) => e.operation === 'LoginAs')!.target).toBe('admin.user@yourcompany.io');
  });
});
