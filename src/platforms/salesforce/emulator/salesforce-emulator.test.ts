import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEstateData, SfRecord } from '../estate/types.js';
import { type SalesforceEmulatorOptions, startSalesforceEmulator } from './index.js';
import { parseSoql, select } from './soql.js';

const tokens: SfRecord[] = Array.from({ length: 2600 }, (_, i) => ({
  Id: null,
  AppName: 'Drift',
  AppMenuItemId: '0DSx00000000001AAA',
  UserId: `005x${String(i).padStart(14, '0')}`,
  CreatedDate: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString().replace('Z', '+0000'),
  LastUsedDate: null,
  UseCount: 0,
}));
const DATA: SalesforceEstateData = {
  myDomain: 'acme',
  organizationId: '00Dx0000000001AAA',
  editionLacks: ['LoginHistory'],
  dailyApiRequests: 15_000,
  tables: {
    User: [
      {
        Id: '005A',
        Username: 'a@acme.test',
        UserType: 'Standard',
        Profile: { Name: 'Standard User', UserLicense: { Name: 'Salesforce' } },
        Manager: null,
      },
      { Id: '005B', Username: 'b@acme.test', UserType: 'AutomatedProcess', Profile: null, Manager: null },
    ],
    ConnectedApplication: [],
    OauthToken: tokens,
    PermissionSetAssignment: [],
    LoginHistory: [],
    NamedCredential: [],
    AppMenuItem: [],
  },
  tooling: { InstalledSubscriberPackage: [], SubscriberPackageVersionUninstallRequest: [] },
};

let base = '';
let token = '';
let close: () => Promise<void> = async () => {};
beforeAll(async () => {
  const s = await startSalesforceEmulator(DATA, {} satisfies SalesforceEmulatorOptions);
  base = s.emulator.url;
  token = s.token;
  close = () => s.emulator.close();
});
afterAll(() => close());

const get = (path: string, auth = `Bearer ${token}`) => fetch(`${base}${path}`, { headers: { authorization: auth } });
const query = (soql: string) => get(`/services/data/v66.0/query?q=${encodeURIComponent(soql)}`);

describe('Salesforce emulator', () => {
  it('answers a SOQL query with records, relationship fields nested with attributes, and Sforce-Limit-Info', async () => {
    const res = await query(
      "SELECT Id, Username, Profile.UserLicense.Name FROM User WHERE UserType = 'Standard' ORDER BY Id",
    );
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(await res.json()).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'User', url: '/services/data/v66.0/sobjects/User/005A' },
          Id: '005A',
          Username: 'a@acme.test',
          Profile: {
            attributes: { type: 'Profile' },
            UserLicense: { attributes: { type: 'UserLicense' }, Name: 'Salesforce' },
          },
        },
      ],
    });
  });

  it('pages OauthToken by 500 with nextRecordsUrl and stops silently at 2,500 rows', async () => {
    let body = (await (await query('SELECT UserId FROM OauthToken')).json()) as {
      done: boolean;
      nextRecordsUrl?: string;
      records: unknown[];
      totalSize: number;
    };
    let rows = body.records.length;
    let pages = 1;
    expect(body.records).toHaveLength(500);
    while (!body.done) {
      expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v66\.0\/query\/01g[A-Za-z0-9]+-\d+$/);
      body = (await (await get(body.nextRecordsUrl!)).json()) as typeof body;
      rows += body.records.length;
      pages++;
    }
    expect([rows, pages, body.totalSize]).toEqual([2500, 5, 2500]);
  });

  it('answers REST error arrays: INVALID_TYPE for an object the edition lacks, MALFORMED_QUERY, INVALID_SESSION_ID', async () => {
    const lacking = await query('SELECT Id FROM LoginHistory');
    expect(lacking.status).toBe(400);
    expect(await lacking.json()).toEqual([expect.objectContaining({ errorCode: 'INVALID_TYPE' })]);
    const malformed = await query('SELECT Id FROM User WHERE Id = 1 OR Id = 2');
    expect([malformed.status, ((await malformed.json()) as Array<{ errorCode: string }>)[0].errorCode]).toEqual([
      400,
      'MALFORMED_QUERY',
    ]);
    const unauthorized = await get('/services/data/v66.0/query?q=SELECT+Id+FROM+User', 'Bearer nope');
    expect([unauthorized.status, ((await unauthorized.json()) as Array<{ errorCode: string }>)[0].errorCode]).toEqual([
      401,
      'INVALID_SESSION_ID',
    ]);
  });

  it('filters datetimes, IN lists and limits as the connector asks', () => {
    const q = parseSoql(
      "SELECT UserId FROM OauthToken WHERE CreatedDate >= 2025-01-01T00:10:00.000Z AND UserId IN ('005x00000000000011', '005x00000000000012', '005x00000000000020') ORDER BY CreatedDate DESC LIMIT 2",
    );
    expect(select(tokens, q).map((t) => t.UserId)).toEqual(['005x00000000000020', '005x00000000000012']);
  });
});
