import { afterEach, describe, expect, it } from 'vitest';
import type { Severity } from '../../model/index.js';
import { findingRow } from '../../testing/risk-rows.js';
import type { Store } from '../../store/index.js';
import { openTestStore } from '../../testing/store.js';
import { type FindingCandidate, planFindings } from './findings-store.js';

const NOW = '2026-12-01T00:00:00.000Z';

const candidate = (ruleId: string, identityId: string, severity: Severity): FindingCandidate => ({
  ruleId,
  identityId,
  platform: 'acme',
  tenant: 't1',
  severity,
  title: ruleId,
  message: ruleId,
  evidence: [],
});

describe('the open rank a batch leaves each identity (risk_scores.open_rank)', () => {
  let store: Store;
  afterEach(async () => store?.close());

  it('counts what stays open: raised, kept frozen, or of a rule that did not run; not what is suppressed or resolved', async () => {
    store = await openTestStore('sqlite');
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((x) => `acme:t1:${x}`);
    await store.db
      .insertInto('findings')
      .values([
        findingRow('frozen-high', a, 'high', 'open'), // its data was not read: kept as it is, still open
        findingRow('not-run-critical', b, 'critical', 'reopened'), // its rule did not run this time
        findingRow('gone-critical', c, 'critical', 'open'), // no longer true: resolved now
        findingRow('muted-critical', d, 'critical', 'suppressed', { suppressed_reason: 'accepted' }), // still true
      ])
      .execute();
    const planned = await planFindings(store, {
      identityIds: [a, b, c, d, e],
      frozen: new Set([`frozen-high|${a}`]),
      ruleIds: new Set(['frozen-high', 'gone-critical', 'muted-critical', 'low', 'info']),
      candidates: [
        candidate('low', a, 'low'),
        candidate('info', c, 'info'),
        candidate('muted-critical', d, 'critical'),
        candidate('low', d, 'low'),
      ],
      now: NOW,
    });
    expect(Object.fromEntries(planned.openRanks)).toEqual({ [a]: 3, [b]: 4, [c]: 0, [d]: 1 });
    expect(planned.counts).toMatchObject({ opened: 3, resolved: 1, suppressed: 1 });
  });
});
