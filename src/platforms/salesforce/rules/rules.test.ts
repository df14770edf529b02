import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { Rule } from '../../../analysis/risk/types.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule as openToAll } from './salesforce-connected-app-open-to-all-users.js';
import { rule as untilRevoked } from './salesforce-connected-app-refresh-until-revoked.js';
import { rule as humanProfile } from './salesforce-human-profile-integration-user.js';
import { rule as allData } from './salesforce-integration-user-all-data.js';
import { rule as tokenUnused } from './salesforce-oauth-token-unused.js';

/** Hits of one rule on the fixture payloads run through the real transforms: [name, evidence]. */
const hits = (rule: Rule) =>
  evaluateViews(fixtureViews(), { now: NOW, rules: [rule] }).map((h) => [h.identity.name, h.evidence]);

describe('salesforce-connected-app-refresh-until-revoked', () => {
  it('fires on the app without a refresh-token validity period, not on the two whose tokens expire', () => {
    expect(hits(untilRevoked)).toEqual([
      [
        'Drift',
        [
          {
            field: 'attributes.refreshTokenPolicy',
            value: 'until_revoked',
            source:
              'RefreshTokenValidityPeriod not set (refresh token valid until revoked) per salesforce inventory (connected_app)',
          },
        ],
      ],
    ]);
  });
});

describe('salesforce-connected-app-open-to-all-users', () => {
  it('fires on the self-authorize app only (Finance ETL and Quarterly Export are admin approved)', () => {
    expect(hits(openToAll)).toEqual([
      [
        'Drift',
        [
          {
            field: 'attributes.adminApprovedOnly',
            value: false,
            source:
              'OptionsAllowAdminApprovedUsersOnly false (all users may self-authorize) per salesforce inventory (connected_app)',
          },
        ],
      ],
    ]);
  });
});

describe('salesforce-oauth-token-unused', () => {
  it('fires on the token unused since April and the one never used since May; not on recent or new ones', () => {
    expect(hits(tokenUnused)).toEqual([
      [
        'Drift (005fx0000007MixAAA)',
        [
          {
            field: 'lastUsedAt',
            value: '2026-04-01T08:00:00.000Z',
            source: 'last used 2026-04-01 (213 days ago, threshold 90) per salesforce OauthToken.LastUsedDate',
          },
        ],
      ],
      [
        'Drift (005fx0000006SvcAAA)',
        [
          {
            field: 'lastUsedAt',
            value: null,
            source:
              'never used since granted 2026-05-05 (179 days ago, threshold 90) per salesforce OauthToken.LastUsedDate',
          },
        ],
      ],
    ]);
  });
});

describe('salesforce-integration-user-all-data', () => {
  it('fires on Modify/View All Data from a permission set and from a profile; not on API Enabled alone', () => {
    expect(hits(allData)).toEqual([
      [
        'etl@acme-fixture.integration',
        [
          {
            field: 'permissions[1]',
            value: 'ModifyAllData',
            source: 'ModifyAllData granted by permission set Integration Full Access',
          },
          {
            field: 'permissions[2]',
            value: 'ViewAllData',
            source: 'ViewAllData granted by permission set Integration Full Access',
          },
        ],
      ],
      [
        'backup@acme-fixture.integration',
        [
          {
            field: 'permissions[0]',
            value: 'ViewAllData',
            source: 'ViewAllData granted by profile Legacy Integration Admin',
          },
        ],
      ],
    ]);
  });
});

describe('salesforce-human-profile-integration-user', () => {
  it('fires on the Standard User account that logs in only through the API; not on dedicated integration users', () => {
    expect(hits(humanProfile)).toEqual([
      [
        'sam.sync@acme-fixture.test',
        [
          {
            field: 'attributes.integrationBasis',
            value: 'api_logins',
            source:
              'profile Standard User (licence Salesforce) with only API or OAuth logins per salesforce inventory (integration_user)',
          },
        ],
      ],
    ]);
  });
});
