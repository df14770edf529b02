import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { GENERIC_RULES } from '../../../analysis/risk/rules/index.js';
import { NOW, fixtureViews } from '../fixtures/index.js';

const WORKSPACE = new Set(['oauth_client', 'dwd_client']);

/** The generic rules Google Workspace data triggers, on the transformed Workspace fixtures. */
const fired = (ruleId: string) =>
  evaluateViews(
    fixtureViews().filter((v) => WORKSPACE.has(v.nativeType)),
    { now: NOW, rules: GENERIC_RULES.filter((r) => r.meta.id === ruleId) },
  )
    .map((h) => h.identity.name)
    .sort();

describe('generic rules on Google Workspace data', () => {
  it('third-party-high-risk-scopes: write access to Gmail, Drive or Cloud, not Gmail read', () => {
    expect(fired('third-party-high-risk-scopes')).toEqual(['Acme Drive Backup', 'Google Cloud SDK', 'mail-export.py']);
  });

  it('tenant-wide-grant: every client holding domain-wide delegation', () => {
    expect(fired('tenant-wide-grant')).toEqual([
      'domain-wide delegation: 112233445566778899001',
      'domain-wide delegation: 998877665544332211000',
    ]);
  });

  it('nhi-stale: clients whose last token event is older than 90 days (Calendly in April, the SDK on 1 August)', () => {
    expect(fired('nhi-stale')).toEqual(['Calendly', 'Google Cloud SDK']);
  });

  it('nhi-owner-departed: a client whose only grantor is suspended', () => {
    expect(fired('nhi-owner-departed')).toEqual(['mail-export.py']);
  });
});
