import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEstateData } from '../estate/types.js';
import { startSalesforceEmulator } from './index.js';
import type { PlantedLogFile } from './state.js';

const DATA: SalesforceEstateData = {
  myDomain: 'acme',
  organizationId: '00Dx0000000001AAA',
  editionLacks: [],
  dailyApiRequests: 15_000,
  tables: {
    User: [],
    ConnectedApplication: [],
    OauthToken: [],
    PermissionSetAssignment: [],
    LoginHistory: [],
    NamedCredential: [],
    AppMenuItem: [],
  },
  tooling: { InstalledSubscriberPackage: [], SubscriberPackageVersionUninstallRequest: [] },
};
const CSV = '"EVENT_TYPE","TIMESTAMP","REQUEST_ID"\n"API","20261030010000.000","r1"\n';
const file = (id: string, day: string): PlantedLogFile => ({
  Id: id,
  EventType: 'API',
  LogDate: `${day}T00:00:00.000+0000`,
  Interval: 'Daily',
  csv: CSV,
});

describe('Salesforce emulator: Event Monitoring log files', () => {
  let sf: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  let bare: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  const get = (server: typeof sf, path: string) =>
    fetch(`${server.emulator.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
  const soql = (q: string) => `/services/data/v66.0/query?q=${encodeURIComponent(q)}`;

  beforeAll(async () => {
    sf = await startSalesforceEmulator(DATA, {
      eventLogFiles: [file('0ATx2', '2026-10-30'), file('0ATx1', '2026-10-29')],
    });
    bare = await startSalesforceEmulator(DATA);
  });
  afterAll(async () => {
    await sf?.emulator.close();
    await bare?.emulator.close();
  });

  it('answers the EventLogFile query by LogDate, with the length and the LogFile URL', async () => {
    const res = await get(
      sf,
      soql(
        'SELECT Id, EventType, LogDate, Interval, LogFileLength FROM EventLogFile WHERE LogDate >= 2026-10-30T00:00:00Z ORDER BY LogDate ASC',
      ),
    );
    const body = (await res.json()) as { totalSize: number; records: Array<Record<string, unknown>> };
    expect(body.totalSize).toBe(1);
    expect(body.records[0]).toEqual({
      attributes: { type: 'EventLogFile', url: '/services/data/v66.0/sobjects/EventLogFile/0ATx2' },
      Id: '0ATx2',
      EventType: 'API',
      LogDate: '2026-10-30T00:00:00.000+0000',
      Interval: 'Daily',
      LogFileLength: Buffer.byteLength(CSV),
    });
  });

  it('serves a file as text/csv; an unknown id is 404 NOT_FOUND', async () => {
    const res = await get(sf, '/services/data/v66.0/sobjects/EventLogFile/0ATx1/LogFile');
    expect([res.status, res.headers.get('content-type')?.startsWith('text/csv'), await res.text()]).toEqual([
      200,
      true,
      CSV,
    ]);
    const missing = await get(sf, '/services/data/v66.0/sobjects/EventLogFile/0ATnope/LogFile');
    expect([missing.status, ((await missing.json()) as Array<{ errorCode: string }>)[0]!.errorCode]).toEqual([
      404,
      'NOT_FOUND',
    ]);
  });

  it('without Event Monitoring, EventLogFile is INVALID_TYPE and no file is served', async () => {
    const res = await get(bare, soql('SELECT Id FROM EventLogFile'));
    expect([res.status, ((await res.json()) as Array<{ errorCode: string }>)[0]!.errorCode]).toEqual([
      400,
      'INVALID_TYPE',
    ]);
    expect((await get(bare, '/services/data/v66.0/sobjects/EventLogFile/0ATx1/LogFile')).status).toBe(404);
  });
});
