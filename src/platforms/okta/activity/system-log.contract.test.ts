import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDetections } from '../../../monitoring/detections-store.js';
import { importFile } from '../../../monitoring/pipeline.js';
import { openStore } from '../../../store/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { oktaSystemLogFormat } from './system-log.js';

/**
 * Vendor examples read in place (never copied): the System Log examples of Okta's Management API spec, the 593
 * sanitised events of a real tenant Microsoft Sentinel ships as Okta_CL sample data, and Panther's labelled Okta rule
 * test events. The figures are the ones docs/monitoring.md reports.
 */
const corpora = corporaDir();
const spec = join(corpora, 'okta-management-openapi', 'examples', 'listLogEvents.200.json');
const sentinel = join(corpora, 'azure-sentinel-sample-data', 'Okta_CL.json');
const panther = join(corpora, 'panther-analysis-rules', 'labelled_test_events.jsonl');

describe('Okta System Log (vendor examples)', () => {
  it("reads the spec's listLogEvents examples: a person's browser sign-in", () => {
    const examples = (JSON.parse(readFileSync(spec, 'utf8')) as { examples: Record<string, unknown> }).examples;
    const page = examples.ListLogs as unknown[];
    const events = [...page, examples.ListLogsWithAdditionalSecurityContext].flatMap((e) =>
      oktaSystemLogFormat.parse(e),
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      id: 'dc9fd3c0-598c-11ef-8478-2b7584bf8d5a',
      time: Date.parse('2024-08-13T15:58:20.353Z'),
      classUid: 3002,
      operation: 'user:user.session.start',
      sourceIp: '10.0.0.1',
      success: true,
      tags: ['login.interactive'],
      target: 'Okta Verify',
      targetKeys: ['pfdfdhyjf0HMbkP2e1d7', '0oatxlef9sQvvqInq5d6'],
      actor: { principal: '00uttidj01jqL21aM1d6', name: 'john.doe@example.com', person: true, programmatic: false },
    });
    expect(events[0].userAgent).toMatch(/Chrome\/127/);
  });

  it('imports the Sentinel Okta_CL sample: every row parses; Okta jobs are the vendor, users are people', async () => {
    const store = await openStore(':memory:');
    try {
      const s = await importFile(sentinel, {
        store,
        format: oktaSystemLogFormat,
        platform: 'okta',
        lastUsedSource: 'okta system log',
        now: () => new Date('2026-12-05T00:00:00Z'),
        enrich: false,
      });
      // The sample repeats events (308 distinct uuids in 593 rows): repeats are duplicates, not stored twice.
      expect(s).toMatchObject({ records: 593, events: 593, quarantined: 0, duplicates: 285, stored: 308 });
      expect(s.actors).toMatchObject({ vendorServiceEvents: 182, people: 4, peopleEvents: 126, unresolvedEvents: 0 });
      // A benign tenant: policy edits and sign-ins by people raise nothing (no NHI acted, no audit trail touched).
      expect(await listDetections(store)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("parses every Panther test event that carries Okta's event id and a time; says why the others are not read", () => {
    const tally = { total: 0, parsed: 0, tagged: 0, rejected: {} as Record<string, number> };
    for (const line of readFileSync(panther, 'utf8').split('\n').filter(Boolean)) {
      const test = JSON.parse(line) as { log_types: string[]; log: unknown };
      if (!test.log_types.includes('Okta.SystemLog')) continue;
      tally.total++;
      try {
        const events = oktaSystemLogFormat.parse(test.log);
        tally.parsed++;
        if (events.some((e) => e.tags.length)) tally.tagged++;
      } catch (e) {
        const reason = (e as Error).message.replace(/ \(.*\)$/, '');
        tally.rejected[reason] = (tally.rejected[reason] ?? 0) + 1;
      }
    }
    // Panther trims most test events to the fields its rule reads (no uuid); 8 have no time or a "redacted" one.
    expect(tally).toEqual({
      total: 143,
      parsed: 24,
      tagged: 16,
      rejected: { 'not an Okta LogEvent': 111, 'published is not a time': 8 },
    });
  });
});
