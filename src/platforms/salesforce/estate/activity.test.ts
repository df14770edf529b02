import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { salesforceActivity } from './activity.js';
import type { SalesforceEstateData } from './types.js';

/**
 * The planted EventLogFile CSVs: one file per event type with its header and the fields of that event type (as the
 * EventLogFile Supported Event Types reference lists them), ids in the lengths Salesforce writes, and the Drift
 * sequence in one session across both files.
 */
type Row = Record<string, string>;

describe('planted Salesforce EventLogFile rows', async () => {
  const estate = await generateEstate({ seed: 7, size: 300, platforms: ['salesforce'], now: '2026-11-01T00:00:00Z' });
  const data = estate.platforms.salesforce as SalesforceEstateData;
  const logs = salesforceActivity(data, estate.labels.identities, new Date(estate.now)) as PlantedActivity[];
  const rows = (name: string): Row[] =>
    parse(logs.find((l) => l.fileName.endsWith(name))?.text ?? '', { columns: true }) as Row[];

  it('writes one CSV per event type, every value quoted, rows in time order', () => {
    expect(logs.map((l) => `${l.format} ${l.fileName}`)).toEqual([
      'salesforce-elf acme-RestApi.csv',
      'salesforce-elf acme-BulkApi2.csv',
    ]);
    for (const [file, type] of [
      ['RestApi.csv', 'RestApi'],
      ['BulkApi2.csv', 'BulkApi2'],
    ]) {
      const all = rows(file);
      expect(new Set(all.map((r) => r.EVENT_TYPE))).toEqual(new Set([type]));
      const times = all.map((r) => r.TIMESTAMP_DERIVED);
      expect(times).toEqual([...times].sort());
    }
    expect(logs[0].text.split('\n')[0]).toMatch(/^"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID",/);
    // BulkApi2 rows carry no connected app (the event type has no such field).
    expect(logs[1].text.split('\n')[0]).not.toContain('CONNECTED_APP_ID');
  });

  it('writes 15-character USER_ID and ORGANIZATION_ID, 18-character derived and connected app ids', () => {
    const apps = new Set(data.tables.ConnectedApplication.map((a) => String(a.Id)));
    for (const r of [...rows('RestApi.csv'), ...rows('BulkApi2.csv')]) {
      expect(r.USER_ID).toBe(r.USER_ID_DERIVED.slice(0, 15));
      expect(r.ORGANIZATION_ID).toBe(data.organizationId.slice(0, 15));
      expect(r.TIMESTAMP).toBe(r.TIMESTAMP_DERIVED.replace(/[-:TZ]/g, ''));
      if (r.CONNECTED_APP_ID !== undefined) expect(apps.has(r.CONNECTED_APP_ID), r.CONNECTED_APP_ID).toBe(true);
    }
  });

  it('plays the Drift sequence in one session: the app from Tor creates jobs and reads them, the jobs are queries', () => {
    const tor = (r: Row) => r.CLIENT_IP === '185.220.101.33';
    const rest = rows('RestApi.csv').filter(tor);
    const jobs = rows('BulkApi2.csv');
    expect(rest.map((r) => r.METHOD)).toEqual(['POST', 'GET', 'POST', 'GET', 'POST', 'GET', 'POST', 'GET']);
    expect(rest.filter((r) => r.METHOD === 'GET').every((r) => Number(r.ROWS_PROCESSED) >= 40_000)).toBe(true);
    expect(jobs.every(tor)).toBe(true);
    expect(
      jobs.map((r) => `${r.OPERATION_TYPE} ${r.ENTITY_TYPE} ${r.JOB_STATUS}`).filter((s) => s.endsWith('JobComplete')),
    ).toEqual([
      'query Account JobComplete',
      'query Contact JobComplete',
      'query Opportunity JobComplete',
      'query Case JobComplete',
    ]);
    expect(new Set([...rest, ...jobs].map((r) => r.SESSION_KEY)).size).toBe(1);
    // Before it, the app read a few records at a time.
    const before = rows('RestApi.csv').filter((r) => !tor(r) && r.CONNECTED_APP_ID === rest[0].CONNECTED_APP_ID);
    expect(before.length).toBeGreaterThanOrEqual(14 * 5);
    expect(Math.max(...before.map((r) => Number(r.ROWS_PROCESSED)))).toBeLessThanOrEqual(200);
  });

  it('the same estate gives the same files', () => {
    const again = salesforceActivity(data, estate.labels.identities, new Date(estate.now)) as PlantedActivity[];
    expect(again.map((l) => l.text)).toEqual(logs.map((l) => l.text));
  });
});
