import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CLASS, RecordRejected } from '../../../monitoring/event.js';
import { importFile } from '../../../monitoring/pipeline.js';
import { openTestStore } from '../../../testing/store.js';
import { id18, salesforceElfFormat } from './elf.js';

/**
 * Hand-written EventLogFile CSV in the shape of Salesforce's "EventLogFile Supported Event Types" reference: every
 * value quoted, a header of the event type's field names, `TIMESTAMP` as yyyyMMddHHmmss.SSS, 15-character ids with
 * their 18-character `*_DERIVED` forms.
 */
const API = [
  '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","URI","REQUEST_STATUS","API_TYPE","API_VERSION","CLIENT_NAME","METHOD_NAME","ENTITY_NAME","ROWS_PROCESSED","CONNECTED_APP_ID","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP"',
  '"API","20251101093000.123","4exLFFQZ1234","00D5g000004bXyz","0055g00000AbCdE","Api","S","R","62.0","Drift/2.1","query","Account","250000","0H45g000000AbCd","2025-11-01T09:30:00.123Z","0055g00000AbCdEAAV","203.0.113.77"',
  '"API","20251101093100.456","4exLFFQZ5678","00D5g000004bXyz","0055g00000AbCdE","Api","S","R","62.0","Drift/2.1","describeSObjects","","0","0H45g000000AbCd","2025-11-01T09:31:00.456Z","0055g00000AbCdEAAV","203.0.113.77"',
].join('\n');
const MIXED = [
  '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","URI","METHOD","STATUS_CODE","OPERATION_TYPE","LOGIN_STATUS","BROWSER_TYPE","DELEGATED_USER_ID","DELEGATED_USER_NAME","CLIENT_IP"',
  '"BulkApi2","20251101100000.000","4bulkQ0001","00D5g000004bXyz","0055g00000AbCdE","","","","query","","","","","198.51.100.9"',
  '"BulkApi2","20251101100500.000","4bulkI0002","00D5g000004bXyz","0055g00000AbCdE","","","","insert","","","","","198.51.100.9"',
  '"RestApi","20251101101000.000","4restF0003","00D5g000004bXyz","0055g00000AbCdE","/services/data/v62.0/sobjects/User","PATCH","403","","","","","","198.51.100.9"',
  '"Login","20251101101500.000","4login0004","00D5g000004bXyz","0055g00000ZzYyX","/index.jsp","","","","LOGIN_NO_ERROR","Mozilla/5.0 Chrome/129.0","","","192.0.2.10"',
  '"Login","20251101101600.000","4login0005","00D5g000004bXyz","0055g00000AbCdE","/services/oauth2/token","","","","LOGIN_NO_ERROR","python-requests/2.32","","","Salesforce.com IP"',
  '"LoginAs","20251101102000.000","4logas0006","00D5g000004bXyz","0055g00000ZzYyX","/secur/frontdoor.jsp","","","","","","0055g00000AbCdE","drift-integration@acme.example","192.0.2.10"',
].join('\n');

async function rowsOf(csv: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const chunks = (async function* () {
    yield Buffer.from(csv);
  })();
  for await (const text of salesforceElfFormat.decode!(chunks))
    out.push(
      ...text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown),
    );
  return out;
}

describe('Salesforce EventLogFile rows', () => {
  it('an API call through a connected app: the app as the user is the actor, a large read is a bulk export', async () => {
    const [big, small] = (await rowsOf(API)).flatMap((r) => salesforceElfFormat.parse(r));
    expect(big).toMatchObject({
      id: 'API:4exLFFQZ1234',
      platform: 'salesforce',
      tenant: '00D5g000004bXyz',
      time: Date.parse('2025-11-01T09:30:00.123Z'),
      classUid: EVENT_CLASS.apiActivity,
      operation: 'API:query',
      sourceIp: '203.0.113.77',
      success: true,
      target: 'Account',
      tags: ['data.export'],
    });
    expect(big!.actor).toEqual({
      principal: '0055g00000AbCdEAAV#app:0H45g000000AbCdCAK',
      name: '0H45g000000AbCdCAK as 0055g00000AbCdEAAV',
      keys: ['0H45g000000AbCdCAK', '0055g00000AbCdEAAV'],
      programmatic: true,
      vendorService: false,
    });
    expect([small!.operation, small!.tags, small!.target]).toEqual(['API:describeSObjects', [], null]);
  });

  it('Bulk API queries are exports, inserts are not; refused calls, sign-ins and LoginAs read as Salesforce says', async () => {
    const events = (await rowsOf(MIXED)).flatMap((r) => salesforceElfFormat.parse(r));
    expect(events.map((e) => [e.operation, e.tags, e.success, e.classUid])).toEqual([
      ['BulkApi2:query', ['data.export'], true, EVENT_CLASS.apiActivity],
      ['BulkApi2:insert', [], true, EVENT_CLASS.apiActivity],
      ['RestApi:PATCH', [], false, EVENT_CLASS.apiActivity],
      ['Login', ['login.interactive'], true, EVENT_CLASS.authentication],
      ['Login', [], true, EVENT_CLASS.authentication],
      ['LoginAs', ['session.issue'], true, EVENT_CLASS.authentication],
    ]);
    // A user without a connected app is a person unless the inventory knows it as an integration user.
    expect(events[3]!.actor).toMatchObject({ principal: '0055g00000ZzYyXAAV', person: true, programmatic: false });
    expect([events[3]!.userAgent, events[4]!.sourceIp]).toEqual(['Mozilla/5.0 Chrome/129.0', null]);
    expect(events[5]).toMatchObject({
      target: 'drift-integration@acme.example',
      targetKeys: ['0055g00000AbCdEAAV'],
    });
  });

  it("gives 15-character ids their case suffix (Salesforce's algorithm), leaves 18-character ones alone", () => {
    expect(id18('0055g00000AbCdE')).toBe('0055g00000AbCdEAAV');
    expect(id18('0055g00000AbCdEAAV')).toBe('0055g00000AbCdEAAV');
    expect(id18('')).toBeNull();
  });

  it('rejects rows that are not events and CSV rows that cannot be read, naming why', async () => {
    expect(() => salesforceElfFormat.parse({ EVENT_TYPE: 'API' })).toThrow(/REQUEST_ID missing/);
    expect(() => salesforceElfFormat.parse({ EVENT_TYPE: 'API', REQUEST_ID: 'x', TIMESTAMP: 'soon' })).toThrow(
      RecordRejected,
    );
    const broken = `${API}\n"API","20251101093200.000","only three columns"\n`;
    const rows = await rowsOf(broken);
    expect(rows).toHaveLength(3);
    expect(() => salesforceElfFormat.parse(rows[2])).toThrow(/CSV row not read/);
  });

  it('events import reads the CSV file itself: decoded, parsed, the bad row quarantined', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-elf-'));
    const file = join(dir, 'API.csv');
    writeFileSync(file, `${API}\n"API","20251101093200.000","only three columns"\n`);
    const store = await openTestStore('sqlite');
    try {
      const summary = await importFile(file, {
        store,
        format: salesforceElfFormat,
        platform: 'salesforce',
        lastUsedSource: 'test',
        now: () => new Date('2025-11-02T00:00:00Z'),
        enrich: false,
        parseThread: false,
      });
      expect(summary).toMatchObject({ records: 3, events: 2, quarantined: 1, stored: 2 });
      expect(summary.detections.byRule).toEqual({ 'activity-sensitive-operation': 1 });
    } finally {
      await store.close();
    }
  });
});
