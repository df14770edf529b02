import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { GENERIC_RULES } from '../../../analysis/risk/rules/index.js';
import { NOW, fixtureViews } from '../fixtures/index.js';

/** The generic rules Slack data triggers, on the transformed fixtures (issue items covered without a Slack rule). */
const fired = (ruleId: string) =>
  evaluateViews(fixtureViews(), { now: NOW, rules: GENERIC_RULES.filter((r) => r.meta.id === ruleId) })
    .map((h) => h.identity.name)
    .sort();

describe('generic rules on Slack data', () => {
  it('nhi-owner-departed: an app approved by an admin whose account is deactivated, an integration added by one', () => {
    expect(fired('nhi-owner-departed')).toEqual(['Archive Export', 'RSS']);
  });

  it('nhi-no-owner: bot users (Slack names no owner) and an app with no resolver on record', () => {
    expect(fired('nhi-no-owner')).toEqual(['Channel Governor', 'Deploy Notifier', 'Lunch Poll']);
  });

  it('third-party-high-risk-scopes: write or admin high scopes of third parties only', () => {
    expect(fired('third-party-high-risk-scopes')).toEqual(['Admin Console']);
  });

  it('unverified-publisher: a third-party app outside the App Directory (approved or restricted)', () => {
    expect(fired('unverified-publisher')).toEqual(['Admin Console', 'Shady Exporter']);
  });

  it('nhi-admin-privilege: admin scopes on either token', () => {
    expect(fired('nhi-admin-privilege')).toEqual(['Admin Console', 'Channel Governor']);
  });
});
