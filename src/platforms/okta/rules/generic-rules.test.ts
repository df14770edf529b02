import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { rule as credentialNotRotated } from '../../../analysis/risk/rules/credential-not-rotated.js';
import { rule as multipleActiveKeys } from '../../../analysis/risk/rules/multiple-active-keys.js';
import { rule as nhiNeverUsed } from '../../../analysis/risk/rules/nhi-never-used.js';
import { rule as nhiNoOwner } from '../../../analysis/risk/rules/nhi-no-owner.js';
import { rule as nhiOwnerDeparted } from '../../../analysis/risk/rules/nhi-owner-departed.js';
import { rule as nhiStale } from '../../../analysis/risk/rules/nhi-stale.js';
import type { Rule } from '../../../analysis/risk/types.js';
import { NOW, fixtureViews } from '../fixtures/index.js';

/** The generic rules the Okta data is meant to trigger, on the fixtures through the real transforms. */
const firing = (rule: Rule) =>
  evaluateViews(fixtureViews(), { now: NOW, rules: [rule] })
    .map((h) => h.identity.name)
    .sort();

describe('generic rules on Okta data', () => {
  it('nhi-stale: an enabled token last seen in the System Log 153 days ago, not an inactive app', () => {
    expect(firing(nhiStale)).toEqual(['reporting']);
  });

  it('nhi-never-used: clients and tokens with no System Log use in the window, created long ago', () => {
    expect(firing(nhiNeverUsed)).toEqual(['Ticketing Sync', 'backup', 'employee-portal', 'legacy-job']);
  });

  it('credential-not-rotated: the reporting-bot secret from 2024 and tokens older than a year, not fresh secrets', () => {
    const hits = evaluateViews(fixtureViews(), { now: NOW, rules: [credentialNotRotated] });
    const bot = hits.find((h) => h.identity.name === 'reporting-bot');
    expect(bot?.evidence.map((e) => e.value)).toEqual(['2024-02-01T14:12:00.000Z']);
    expect(hits.map((h) => h.identity.name)).not.toContain('employee-portal');
  });

  it('multiple-active-keys: two ACTIVE client secrets, not one ACTIVE and one INACTIVE', () => {
    expect(firing(multipleActiveKeys)).toEqual(['reporting-bot']);
  });

  it('nhi-owner-departed: tokens of a deprovisioned and a suspended creator, an app first granted by a leaver', () => {
    expect(firing(nhiOwnerDeparted)).toEqual(['backup', 'legacy-job', 'reporting-bot']);
  });

  it('nhi-no-owner: apps without an ADMIN grant and the AI agent', () => {
    expect(firing(nhiNoOwner)).toEqual(['employee-portal', 'old-exporter', 'support-triage-agent']);
  });
});
