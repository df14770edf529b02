import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { rule as credentialNotRotated } from '../../../analysis/risk/rules/credential-not-rotated.js';
import { rule as nhiAdminPrivilege } from '../../../analysis/risk/rules/nhi-admin-privilege.js';
import { rule as nhiNeverUsed } from '../../../analysis/risk/rules/nhi-never-used.js';
import { rule as nhiNoOwner } from '../../../analysis/risk/rules/nhi-no-owner.js';
import { rule as nhiOwnerDeparted } from '../../../analysis/risk/rules/nhi-owner-departed.js';
import { rule as nhiStale } from '../../../analysis/risk/rules/nhi-stale.js';
import type { Rule } from '../../../analysis/risk/types.js';
import { NOW, fixtureViews } from '../fixtures/index.js';

/** The generic rules the Salesforce data is meant to trigger, on the fixtures through the real transforms. */
const firing = (rule: Rule) =>
  evaluateViews(fixtureViews(), { now: NOW, rules: [rule] })
    .map((h) => h.identity.name)
    .sort();

describe('generic rules on Salesforce data', () => {
  it('nhi-stale: the Drift token last used in April (214 days), not those used this week', () => {
    expect(firing(nhiStale)).toEqual(['Drift (005fx0000007MixAAA)']);
  });

  it('nhi-never-used: a token granted in May never used, an app without tokens since 2025; not the week-old CLI token', () => {
    expect(firing(nhiNeverUsed)).toEqual(['Drift (005fx0000006SvcAAA)', 'Quarterly Export']);
  });

  it('credential-not-rotated: refresh tokens granted in 2025 (over 365 days), not those of 2026', () => {
    expect(firing(credentialNotRotated)).toEqual(['Drift (005fx0000002AnaAAA)', 'Drift (005fx0000007MixAAA)']);
  });

  it('nhi-admin-privilege: the integration user with Modify All Data, not View All Data or API Enabled alone', () => {
    expect(firing(nhiAdminPrivilege)).toEqual(['etl@acme-fixture.integration']);
  });

  it('nhi-owner-departed: an integration user and a named credential created by a user since deactivated', () => {
    expect(firing(nhiOwnerDeparted)).toEqual(['Legacy_FTP_Bridge', 'etl@acme-fixture.integration']);
  });

  it('nhi-no-owner: the token an integration user (no person) granted', () => {
    expect(firing(nhiNoOwner)).toEqual(['Finance ETL (005fx0000004EtlAAA)']);
  });
});
