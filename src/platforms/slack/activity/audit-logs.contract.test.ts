import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordRejected } from '../../../monitoring/event.js';
import { corporaDir } from '../../../testing/corpora.js';
import { slackAuditFormat } from './audit-logs.js';

// Slack's field-shape sample of a GET /audit/v1/logs answer (java-slack-sdk: every field seen, values blanked) and
// Panther's Slack.AuditLogs rule test events (hand-written, sanitised), read in place.
const corpora = corporaDir();
const shapes = join(corpora, 'slack-java-sdk-json-shapes', 'audit', 'v1', 'logs.json');
const panther = join(corpora, 'panther-analysis-rules', 'labelled_test_events.jsonl');

type Labelled = { rule_id: string; log_types: string[]; expected_result: boolean; log: Record<string, unknown> };

describe('Slack audit log (vendor samples)', () => {
  it('the field-shape sample: a blank id is rejected cleanly; with an id every blanked field reads as absent', () => {
    const page = JSON.parse(readFileSync(shapes, 'utf8')) as { entries: Record<string, unknown>[] };
    expect(() => slackAuditFormat.parse(page)).toThrow(RecordRejected);
    const [e] = slackAuditFormat.parse({ ...page.entries[0], id: 'shape-1', action: 'app_installed' });
    expect(e).toMatchObject({ time: 123_000, tenant: '', sourceIp: null, userAgent: null, target: null });
    // `context.app` is there but blank: not an app's doing, and no key from blank ids.
    expect(e!.actor).toMatchObject({ programmatic: false, keys: [], person: true });
  });

  it("Panther's Slack test events: those with an id and a time parse, the rest are quarantined naming why", () => {
    const events = readFileSync(panther, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Labelled)
      .filter((l) => l.log_types.includes('Slack.AuditLogs'));
    const parsed: ReturnType<typeof slackAuditFormat.parse> = [];
    const reasons = new Map<string, number>();
    for (const { log } of events) {
      try {
        parsed.push(...slackAuditFormat.parse(log));
      } catch (error) {
        expect(error).toBeInstanceOf(RecordRejected);
        const reason = (error as Error).message.replace(/\(entry .*\)/, '(entry …)');
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    expect(events.length).toBe(66);
    expect(parsed.length).toBe(24);
    expect(Object.fromEntries(reasons)).toEqual({
      'not a Slack audit log entry (id or action missing)': 40,
      'date_create is not a time (entry …)': 2,
    });
    // The access-expansion cases Panther's AppAccessExpanded rule fires on are access grants here.
    const expanded = parsed.filter((e) => /app_scopes_expanded|app_resources_granted/.test(e.operation));
    expect(expanded.map((e) => [e.operation, e.tags, e.actor.person, e.time])).toEqual([
      ['audit:app_scopes_expanded', ['iam.write'], true, Date.parse('2022-07-28T16:48:14Z')],
      ['audit:app_scopes_expanded', ['iam.write'], true, Date.parse('2022-07-28T16:48:14Z')],
      ['audit:app_resources_granted', ['iam.write'], true, Date.parse('2022-07-28T16:48:14Z')],
    ]);
    expect(parsed.filter((e) => e.operation === 'audit:user_logout').every((e) => e.classUid === 3002)).toBe(true);
  });
});
