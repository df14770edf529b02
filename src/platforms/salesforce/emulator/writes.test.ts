import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEstateData } from '../estate/types.js';
import { startSalesforceEmulator } from './index.js';

/** The emulator's write routes: the remediation actions' calls, answered as Salesforce documents them. */
const DATA: SalesforceEstateData = {
  myDomain: 'acme',
  organizationId: '00Dx0000000001AAA',
  editionLacks: [],
  dailyApiRequests: 15_000,
  tables: {
    User: [{ Id: '005x0000000001AAA', Username: 'int@acme.test', IsActive: true, UserType: 'Standard', Profile: null }],
    ConnectedApplication: [
      { Id: '0H4x0000000001AAA', Name: 'Drift' },
      { Id: '0H4x0000000002AAA', Name: 'Finance ETL' },
    ],
    OauthToken: [
      {
        Id: null,
        AppName: 'Drift',
        AppMenuItemId: '0DSx0000000001AAA',
        UserId: '005x0000000001AAA',
        CreatedDate: '2025-01-01T00:00:00.000+0000',
        DeleteToken: 'AB12CD34EF56AB12CD34EF56',
      },
    ],
    PermissionSetAssignment: [],
    LoginHistory: [],
    NamedCredential: [],
    AppMenuItem: [
      {
        Id: '0DSx0000000001AAA',
        ApplicationId: '0H4x0000000001A',
        Type: 'ConnectedApplication',
        NamespacePrefix: 'drift',
      },
      {
        Id: '0DSx0000000002AAA',
        ApplicationId: '0H4x0000000002A',
        Type: 'ConnectedApplication',
        NamespacePrefix: null,
      },
    ],
  },
  tooling: {
    InstalledSubscriberPackage: [
      {
        Id: '0A3x0000000001AAA',
        SubscriberPackageId: '033x0000000001AAA',
        SubscriberPackage: { Id: '033x0000000001AAA', Name: 'Drift for Salesforce', NamespacePrefix: 'drift' },
        SubscriberPackageVersionId: '04tx0000000001AAA',
      },
    ],
    SubscriberPackageVersionUninstallRequest: [],
  },
};

let base = '';
let auth = '';
let close: () => Promise<void> = async () => {};
beforeAll(async () => {
  const s = await startSalesforceEmulator(structuredClone(DATA));
  base = s.emulator.url;
  auth = `Bearer ${s.token}`;
  close = () => s.emulator.close();
});
afterAll(() => close());

const patchUser = (id: string, body: string, authorization = auth) =>
  fetch(`${base}/services/data/v66.0/sobjects/User/${id}`, {
    method: 'PATCH',
    headers: { authorization, 'content-type': 'application/json' },
    body,
  });
const isActive = async () => {
  const soql = "SELECT IsActive FROM User WHERE Id = '005x0000000001AAA'";
  const res = await fetch(`${base}/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { authorization: auth },
  });
  return ((await res.json()) as { records: Array<{ IsActive: boolean }> }).records[0].IsActive;
};
const revoke = (form: string) =>
  fetch(`${base}/services/oauth2/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });

describe('Salesforce emulator writes', () => {
  it('refuses bad user updates with the REST error array and changes nothing', async () => {
    const cases: Array<[string, string, number, string]> = [
      ['005x0000000009AAA', '{"IsActive":false}', 404, 'NOT_FOUND'],
      ['005x0000000001AAA', '{"Nickname__x":1}', 400, 'INVALID_FIELD'],
      ['005x0000000001AAA', '{"Username":"x@acme.test"}', 400, 'INVALID_FIELD_FOR_INSERT_UPDATE'],
      ['005x0000000001AAA', '{"IsActive":"no"}', 400, 'JSON_PARSER_ERROR'],
      ['005x0000000001AAA', '{"IsActive":', 400, 'JSON_PARSER_ERROR'],
    ];
    for (const [id, body, status, errorCode] of cases) {
      const res = await patchUser(id, body);
      expect([res.status, ((await res.json()) as Array<{ errorCode: string }>)[0].errorCode]).toEqual([
        status,
        errorCode,
      ]);
    }
    expect((await patchUser('005x0000000001AAA', '{"IsActive":false}', 'Bearer nope')).status).toBe(401);
    expect(await isActive()).toBe(true);
  });

  it('deactivates and reactivates a user with 204 No Content', async () => {
    const res = await patchUser('005x0000000001AAA', '{"IsActive":false}');
    expect([res.status, await res.text()]).toEqual([204, '']);
    expect(await isActive()).toBe(false);
    expect((await patchUser('005x0000000001AAA', '{"IsActive":true}')).status).toBe(204);
    expect(await isActive()).toBe(true);
  });

  it('revokes a grant by its DeleteToken without a session; a missing or unknown token is an OAuth form error', async () => {
    const missing = await revoke('');
    expect([missing.status, await missing.text()]).toEqual([
      400,
      'error=unsupported_token_type&error_description=this+token+type+is+not+supported',
    ]);
    const unknown = await revoke('token=FFFF');
    expect([unknown.status, new URLSearchParams(await unknown.text()).get('error')]).toEqual([400, 'invalid_token']);
    const ok = await revoke('token=AB12CD34EF56AB12CD34EF56');
    expect(ok.status).toBe(200);
    const again = await revoke('token=AB12CD34EF56AB12CD34EF56');
    expect(again.status).toBe(400);
    const soql = 'SELECT UserId FROM OauthToken';
    const res = await fetch(`${base}/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, {
      headers: { authorization: auth },
    });
    expect(((await res.json()) as { totalSize: number }).totalSize).toBe(0);
  });

  it('uninstalls a package through the Tooling API: its connected app and App Launcher item go, others stay', async () => {
    const path = `${base}/services/data/v66.0/tooling/sobjects/SubscriberPackageVersionUninstallRequest`;
    const post = (body: string) =>
      fetch(path, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });
    const codeOf = async (res: Response) => [
      res.status,
      ((await res.json()) as Array<{ errorCode: string }>)[0].errorCode,
    ];
    expect(await codeOf(await post('{}'))).toEqual([400, 'REQUIRED_FIELD_MISSING']);
    expect(await codeOf(await post('{"SubscriberPackageVersionId":"04tx0000000009AAA"}'))).toEqual([
      400,
      'INVALID_CROSS_REFERENCE_KEY',
    ]);
    const created = await post('{"SubscriberPackageVersionId":"04tx0000000001AAA"}');
    const body = (await created.json()) as { id: string; success: boolean };
    expect([created.status, body.success]).toEqual([201, true]);
    const request = await fetch(`${path}/${body.id}`, { headers: { authorization: auth } });
    expect(((await request.json()) as { Status: string }).Status).toBe('Success');
    const query = async (soql: string, tooling = '') => {
      const res = await fetch(`${base}/services/data/v66.0${tooling}/query?q=${encodeURIComponent(soql)}`, {
        headers: { authorization: auth },
      });
      return ((await res.json()) as { records: Array<Record<string, unknown>> }).records.map((r) => r.Id);
    };
    expect(await query('SELECT Id FROM ConnectedApplication')).toEqual(['0H4x0000000002AAA']);
    expect(await query('SELECT Id FROM AppMenuItem')).toEqual(['0DSx0000000002AAA']);
    expect(await query('SELECT Id FROM InstalledSubscriberPackage', '/tooling')).toEqual([]);
    expect((await post('{"SubscriberPackageVersionId":"04tx0000000001AAA"}')).status).toBe(400);
  });
});
