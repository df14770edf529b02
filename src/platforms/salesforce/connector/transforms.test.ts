import { describe, expect, it } from 'vitest';
import { VendorCallError } from '../../../sync/failure.js';
import { fixtureIdentities } from '../fixtures/index.js';
import { AppMenu } from './app-menu.js';
import { errorOf, statusOf } from './client.js';
import { iso } from './common.js';
import { refreshTokenPolicy } from './connected-apps.js';
import { LoginSummary } from './login-history.js';
import { tokenKey } from './oauth-tokens.js';
import { nextWindow } from './scan.js';
import { loginHistorySoql, oauthTokensSoql, objectOf, permissionAssignmentsSoql } from './soql.js';

describe('Salesforce transforms and helpers', () => {
  it('reads Salesforce datetimes (+0000) as UTC with milliseconds', () => {
    expect(iso('2024-06-01T07:12:00.000+0000')).toBe('2024-06-01T07:12:00.000Z');
    expect(iso('2024-06-01T09:12:00.000+0200')).toBe('2024-06-01T07:12:00.000Z');
    expect(iso(null)).toBeNull();
  });

  it('tells the refresh-token policy from RefreshTokenValidityPeriod and the metric flag', () => {
    expect(refreshTokenPolicy({ RefreshTokenValidityPeriod: null })).toBe('until_revoked');
    expect(refreshTokenPolicy({ RefreshTokenValidityPeriod: 90, OptionsRefreshTokenValidityMetric: true })).toBe(
      'expires_if_unused',
    );
    expect(refreshTokenPolicy({ RefreshTokenValidityPeriod: 90, OptionsRefreshTokenValidityMetric: false })).toBe(
      'expires_after_period',
    );
  });

  it('a third party publishes the apps that came in a managed package (a namespace), and their tokens', () => {
    const byName = (name: string) =>
      fixtureIdentities().filter((i) => i.name === name || i.name.startsWith(`${name} (`));
    const drift = byName('Drift');
    expect(drift.map((i) => [i.nativeType, i.thirdParty])).toEqual([
      ['oauth_token', true],
      ['oauth_token', true],
      ['oauth_token', true],
      ['connected_app', true],
    ]);
    expect(drift.map((i) => i.attributes?.packageNamespace)).toEqual(['drift', 'drift', 'drift', 'drift']);
    expect(drift[3].publisher ?? null).toBeNull(); // Salesforce reports no publisher verification
    for (const name of ['Finance ETL', 'Quarterly Export', 'Salesforce CLI'])
      for (const i of byName(name))
        expect([i.name, i.thirdParty, i.attributes?.packageNamespace]).toEqual([i.name, false, null]);
    const menu = new AppMenu();
    expect(menu.add({ Id: '0DS1', ApplicationId: '0H4000000000001', NamespacePrefix: 'acme' })).toBe(true);
    expect(menu.ofApp('0H4000000000001AAA')).toEqual({ namespace: 'acme', infoUrl: null });
    expect(menu.ofItem('0DS1')?.namespace).toBe('acme');
    expect(menu.ofItem('0DS2')).toBeNull();
    expect(menu.add({ NamespacePrefix: 'acme' })).toBe(false);
  });

  it('names an OAuth token by user, app menu item and creation instant; refuses one without them', () => {
    expect(
      tokenKey({ UserId: '005A', AppMenuItemId: '0DSB', AppName: 'X', CreatedDate: '2024-01-10T09:00:00.000+0000' }),
    ).toBe('005A:0DSB:2024-01-10T09:00:00.000Z');
    expect(
      tokenKey({ UserId: '005A', AppMenuItemId: null, AppName: 'X', CreatedDate: '2024-01-10T09:00:00.000+0000' }),
    ).toBe('005A:X:2024-01-10T09:00:00.000Z');
    expect(() => tokenKey({ UserId: null, AppName: 'X', CreatedDate: '2024-01-10T09:00:00.000+0000' })).toThrow(
      'OauthToken',
    );
  });

  it('starts the next keyset window at the last CreatedDate and remembers the rows of that instant', () => {
    const rows = [
      { UserId: 'u1', AppName: 'A', CreatedDate: '2024-01-01T00:00:00.000+0000' },
      { UserId: 'u2', AppName: 'A', CreatedDate: '2024-01-02T00:00:00.000+0000' },
      { UserId: 'u3', AppName: 'A', CreatedDate: '2024-01-02T00:00:00.000+0000' },
    ];
    const { from, boundary } = nextWindow(rows, 3);
    expect(from).toBe('2024-01-02T00:00:00.000Z');
    expect([...boundary].sort()).toEqual(['u2:A:2024-01-02T00:00:00.000Z', 'u3:A:2024-01-02T00:00:00.000Z']);
    expect(() => nextWindow([rows[1], rows[2]], 2)).toThrow(VendorCallError);
    expect(oauthTokensSoql(from, 2000)).toBe(
      'SELECT AppName, AppMenuItemId, UserId, CreatedDate, LastUsedDate, UseCount FROM OauthToken WHERE CreatedDate >= 2024-01-02T00:00:00.000Z ORDER BY CreatedDate LIMIT 2000',
    );
  });

  it('builds the IN list with quotes escaped, and names the object of every query', () => {
    expect(permissionAssignmentsSoql(['005A', "00'5"])).toContain(
      "WHERE AssigneeId IN ('005A', '00\\'5') ORDER BY AssigneeId",
    );
    expect(objectOf(loginHistorySoql('2026-01-01T00:00:00.000Z'))).toBe('LoginHistory');
    expect(objectOf(permissionAssignmentsSoql(['005A']))).toBe('PermissionSetAssignment');
  });

  it('reads an error array and maps an object the edition lacks to a 404', () => {
    expect(
      errorOf('[{"message":"sObject type \'OauthToken\' is not supported.","errorCode":"INVALID_TYPE"}]')?.errorCode,
    ).toBe('INVALID_TYPE');
    expect(errorOf('<html>')).toBeNull();
    expect(statusOf(400, 'INVALID_TYPE')).toBe(404);
    expect(statusOf(400, 'MALFORMED_QUERY')).toBe(400);
    expect(statusOf(403, 'REQUEST_LIMIT_EXCEEDED')).toBe(403);
  });

  it('takes a user for software only when every successful login of the window is an API or OAuth one', () => {
    const s = new LoginSummary();
    s.add({
      UserId: 'api',
      LoginTime: '2026-10-01T00:00:00.000+0000',
      LoginType: 'Remote Access 2.0',
      Status: 'Success',
    });
    s.add({
      UserId: 'api',
      LoginTime: '2026-10-02T00:00:00.000+0000',
      LoginType: 'Application',
      Status: 'Invalid Password',
    });
    s.add({ UserId: 'both', LoginTime: '2026-10-01T00:00:00.000+0000', LoginType: 'SOAP Partner', Status: 'Success' });
    s.add({ UserId: 'both', LoginTime: '2026-10-03T00:00:00.000+0000', LoginType: 'Application', Status: 'Success' });
    expect(s.add({ UserId: null, LoginTime: '2026-10-01T00:00:00.000+0000' })).toBe(false);
    expect([s.apiOnly('api'), s.apiOnly('both'), s.apiOnly('nobody')]).toEqual([true, false, false]);
    expect([s.lastLogin('api'), s.lastLogin('both'), s.unreadable]).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-10-03T00:00:00.000Z',
      1,
    ]);
  });
});
