import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { recordAttempt } from './deliveries.js';
import { newDetectionEvents, newFindingEvents } from './triggers.js';

/** Which stored findings and detections are new for a run (hand-written rows; `since` is the run's start). */
const SINCE = '2026-11-01T10:00:00.000Z';
const BEFORE = '2026-10-20T00:00:00.000Z';
const AFTER = '2026-11-01T10:05:00.000Z';
/** Within the seven days before SINCE. */
const FAILED_AT = '2026-10-30T00:00:00.000Z';

const findingRow = (id: string, severity: string, status: string, firstSeen: string) => ({
  id,
  rule_id: 'rule-x',
  identity_id: `i-${id}`,
  platform: 'p',
  tenant: 't',
  severity,
  title: `title ${id}`,
  message: `message ${id}`,
  evidence: '[]',
  status,
  first_seen: firstSeen,
  last_seen: AFTER,
  resolved_at: null,
  suppressed_reason: null,
  suppressed_by: null,
  suppressed_until: null,
  resolved_reason: null,
});

const detectionRow = (id: string, detectedAt: string) => ({
  id,
  rule_id: 'det-rule',
  platform: 'p',
  tenant: 't',
  identity_id: null,
  actor: 'actor-1',
  subject: 's',
  severity: 'high',
  title: `detection ${id}`,
  message: 'm',
  event_ids: '[]',
  event_count: 3,
  first_event_at: BEFORE,
  last_event_at: AFTER,
  detected_at: detectedAt,
  status: 'open',
});

describe.each(ENGINES)('on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await store.db
      .insertInto('findings')
      .values([
        findingRow('new-critical', 'critical', 'open', AFTER),
        findingRow('new-high', 'high', 'open', AFTER),
        findingRow('new-medium', 'medium', 'open', AFTER),
        findingRow('reopened', 'critical', 'reopened', BEFORE),
        findingRow('old-open', 'high', 'open', BEFORE),
        findingRow('old-failed', 'high', 'open', BEFORE),
        findingRow('suppressed-at-once', 'critical', 'suppressed', AFTER),
      ])
      .execute();
    await store.db
      .insertInto('activity_detections')
      .values([detectionRow('det-new', AFTER), detectionRow('det-old', BEFORE)])
      .execute();
    // An earlier run could not deliver `old-failed`: it is offered again while still open.
    await recordAttempt(
      store,
      {
        notification: 'n',
        channel: 'webhook',
        messageId: 'm1',
        events: [{ kind: 'finding-high', severity: 'high', title: 'x', lines: [], subject: 'old-failed' }],
        ok: false,
        attempts: 2,
        error: 'HTTP 503',
        at: FAILED_AT,
      },
      new Map(),
    );
  });
  afterAll(async () => store?.close());

  describe('triggers', () => {
    it('new findings: opened since the run started, critical or high, still open; plus recently failed ones', async () => {
      const events = await newFindingEvents(store, SINCE);
      expect(events.map((e) => [e.subject, e.kind]).sort()).toEqual([
        ['new-critical', 'finding-critical'],
        ['new-high', 'finding-high'],
        ['old-failed', 'finding-high'],
      ]);
    });

    it('a failed delivery is offered again for seven days only', async () => {
      const events = await newFindingEvents(store, '2026-11-30T00:00:00.000Z');
      expect(events).toEqual([]);
    });

    it('new detections: first stored since the run started', async () => {
      const events = await newDetectionEvents(store, SINCE);
      expect(events).toEqual([expect.objectContaining({ kind: 'detection', subject: 'det-new', severity: 'high' })]);
      expect(events[0]?.lines[1]).toContain('actor actor-1 · 3 event(s)');
    });
  });
});
