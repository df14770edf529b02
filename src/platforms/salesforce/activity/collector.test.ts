import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { type CollectJob, collectActivity, type StreamResult } from '../../../monitoring/collect.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents } from '../../../monitoring/events-store.js';
import type { Store } from '../../../store/index.js';
import { collectExitCode, collectOptions } from '../../../surfaces/cli/commands/events-collect.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { scanEmulatedEstate } from '../../../testing/emulated-scan.js';
import { openTestStore } from '../../../testing/store.js';
import { startSalesforceEmulator } from '../emulator/index.js';
import type { PlantedLogFile } from '../emulator/state.js';
import type { SalesforceEstateData } from '../estate/types.js';
import { salesforceElfCollector } from './collector.js';

/**
 * `steward events collect` against the Salesforce emulator serving hand-written daily EventLogFile CSVs (the API,
 * BulkApi2 and Login event types' fields as Salesforce's "EventLogFile Supported Event Types" lists them) through the
 * EventLogFile SOQL query and `GET …/sobjects/EventLogFile/<Id>/LogFile`, after a scan of the same estate: a connected
 * app's integration user reading routinely for nine days, then in bulk (the Salesloft Drift pattern) — exact
 * detections; a second collect that adds nothing; a file that came late inside the overlap; refusals kept unknown.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.parse('2026-11-01T00:00:00Z');
const ORG = '00D5g000004bXyzEAA';

const API_HEADER =
  '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","URI","METHOD_NAME","ENTITY_NAME","ROWS_PROCESSED","OPERATION_TYPE","CONNECTED_APP_ID","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP"';
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').replace('Z', '');
const sfDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

interface Row {
  type: string;
  at: number;
  id: string;
  user: string;
  method?: string;
  rows?: number;
  op?: string;
  app?: string;
  uri?: string;
}
const line = (r: Row) =>
  [
    r.type,
    stamp(r.at),
    r.id,
    ORG.slice(0, 15),
    r.user.slice(0, 15),
    r.uri ?? 'Api',
    r.method ?? '',
    r.rows === undefined ? '' : 'Account',
    r.rows ?? '',
    r.op ?? '',
    // 18 characters, as Real-Time Event Monitoring and API Total Usage rows write it: the estate's ids are not real
    // Salesforce ids (their case suffix is not the checksum), so a 15-character form would not map back to them.
    r.app ?? '',
    new Date(r.at).toISOString(),
    r.user,
    '203.0.113.7',
  ]
    .map((v) => `"${v}"`)
    .join(',');
const file = (id: string, type: string, day: number, rows: Row[]): PlantedLogFile => ({
  Id: id,
  EventType: type,
  LogDate: sfDate(day),
  Interval: 'Daily',
  csv: `${[API_HEADER, ...rows.map(line)].join('\n')}\n`,
});

describe('Salesforce EventLogFile collector (emulator, planted files, scanned inventory)', () => {
  let data: SalesforceEstateData;
  let store: Store;
  let sf: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  let files: PlantedLogFile[];
  let jobs: CollectJob[];
  let first: StreamResult[];
  let app: { id: string; native_id: string };
  let user: { id: string; native_id: string };
  const now = () => new Date(NOW);
  const collect = (j = jobs) => collectActivity(j, collectOptions(store, now, { enrich: false }));
  const storedIds = async () => {
    const ids = new Set<string>();
    for await (const e of readEvents(store)) ids.add(e.id);
    return ids;
  };
  const identities = (nativeType: string) =>
    store.db
      .selectFrom('identities')
      .select(['id', 'native_id', 'last_used_at'])
      .where('platform', '=', 'salesforce')
      .where('native_type', '=', nativeType)
      .orderBy('native_id')
      .execute();
  /** An identity the vendor saw in use in the planted period or never: a first event is no return from dormancy. */
  const active = (rows: Array<{ id: string; native_id: string; last_used_at: string | null }>) =>
    rows.find((r) => r.last_used_at === null || Date.parse(r.last_used_at) > NOW - 30 * DAY)!;

  /** Nine days of 20 small reads by the app as its user, then 250 reads and a Bulk API query the day before NOW. */
  function plantedFiles(): PlantedLogFile[] {
    const by = { user: user.native_id, app: app.native_id };
    const day = (d: number) => Math.floor((NOW - d * DAY) / DAY) * DAY;
    const routine = (d: number, n: number) =>
      Array.from(
        { length: n },
        (_, i): Row => ({
          ...by,
          type: 'API',
          at: day(d) + 8 * 3600_000 + i * MINUTE,
          id: `api-${d}-${i}`,
          method: 'query',
          rows: 10,
        }),
      );
    return [
      ...[10, 9, 8, 7, 6, 5, 4, 3, 2].map((d) => file(`0AT00000000A${d}`, 'API', day(d), routine(d, 20))),
      file('0AT00000000A1', 'API', day(1), routine(1, 250)),
      file('0AT00000000B1', 'BulkApi2', day(1), [
        { ...by, type: 'BulkApi2', at: day(1) + 23 * 3600_000, id: 'bulk-1', op: 'query', rows: 1_200_000 },
      ]),
      file('0AT00000000L1', 'Login', day(1), [
        { type: 'Login', at: day(1) + 12 * 3600_000, id: 'login-1', user: user.native_id, uri: '/index.jsp' },
      ]),
      // Older than Event Monitoring's 30 days: never asked for.
      file('0AT00000000Z9', 'API', day(40), routine(40, 3)),
    ];
  }

  beforeAll(async () => {
    const estate = await generateEstate({ seed: 5, size: 30, platforms: ['salesforce'], now: '2026-11-01T00:00:00Z' });
    data = estate.platforms.salesforce as SalesforceEstateData;
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    app = active(await identities('connected_app'));
    user = active(await identities('integration_user'));
    files = plantedFiles();
    sf = await startSalesforceEmulator(data, { eventLogFiles: files });
    Object.assign(process.env, sf.env);
    jobs = sf.tenants.map((t) => ({ platform: 'salesforce', tenant: t.tenant, options: t.options }));
    first = await collect();
  }, 120_000);
  afterAll(async () => {
    await sf?.emulator.close();
    await store?.close();
  });

  const rowsIn = (fs: PlantedLogFile[]) => fs.reduce((n, f) => n + f.csv.trim().split('\n').length - 1, 0);

  it('stores every row of the files of the last 30 days, none quarantined', () => {
    expect(first.map((r) => [r.status, r.stream, r.endpoint])).toEqual([
      ['collected', 'eventlogfile:daily', 'query:EventLogFile'],
    ]);
    expect(first[0]!.summary).toMatchObject({ stored: rowsIn(files) - 3, quarantined: 0 });
  });

  it('resolves the connected app (acting as its user) and the integration user to their inventory identities', () => {
    expect(first[0]!.summary!.actors).toMatchObject({
      resolvedEvents: rowsIn(files) - 3,
      unresolvedEvents: 0,
      peopleEvents: 0,
    });
  });

  it('raises the bulk export, the volume spike and the interactive sign-in, on the right identities', async () => {
    const got = (await listDetections(store)).map((d) => [d.ruleId, d.identityId, d.subject]);
    const spikeDay = new Date(Math.floor((NOW - DAY) / DAY) * DAY).toISOString().slice(0, 10);
    expect(got.sort()).toEqual(
      [
        ['activity-sensitive-operation', app.id, 'BulkApi2:query'],
        ['activity-volume-spike', app.id, `day:${spikeDay}`],
        ['activity-interactive-use', user.id, 'Login'],
      ].sort(),
    );
  });

  it('hands the rows over file by file in LogDate order, only files of the window', async () => {
    const [stream] = salesforceElfCollector.streams(jobs[0]!.tenant, jobs[0]!.options, {});
    const ids: string[] = [];
    for await (const batch of stream!.read({ start: NOW - 3 * DAY, end: NOW }))
      for (const text of batch.records) ids.push((JSON.parse(text) as { REQUEST_ID: string }).REQUEST_ID);
    // LogDate ≥ NOW − 3 days: the files of the three days before NOW.
    expect(ids[0]).toBe('api-3-0');
    expect(ids.length).toBe(20 + 20 + 250 + 1 + 1);
  });

  it('moves the cursor to the newest row; a second collect re-reads two days of files and stores nothing', async () => {
    expect(first[0]!.cursorAfter).toBe(new Date(Math.floor((NOW - DAY) / DAY) * DAY + 23 * 3600_000).toISOString());
    const [again] = await collect();
    expect(again!.summary!.stored).toBe(0);
    expect(again!.cursorAfter).toBe(first[0]!.cursorAfter);
    // LogDate ≥ cursor − 2 days (23:00 three days before NOW): the files of the two days before NOW.
    expect(again!.summary!.duplicates).toBe(20 + 250 + 1 + 1);
  });

  it('finds a file that came late inside the overlap; one older than the overlap is not asked for', async () => {
    const day = (d: number) => Math.floor((NOW - d * DAY) / DAY) * DAY;
    const late = (d: number): Row => ({
      type: 'RestApi',
      at: day(d) + 3600_000,
      id: `late-${d}`,
      user: user.native_id,
    });
    files.push(
      file('0AT00000000R1', 'RestApi', day(1), [late(1)]),
      file('0AT00000000R5', 'RestApi', day(5), [late(5)]),
    );
    const [next] = await collect();
    expect(next!.summary!.stored).toBe(1);
    const ids = await storedIds();
    expect([ids.has('RestApi:late-1'), ids.has('RestApi:late-5')]).toEqual([true, false]);
  });

  it('a refused query (INSUFFICIENT_ACCESS) keeps the cursor, names the permission, exit 3', async () => {
    const cursor = first[0]!.cursorAfter;
    sf.emulator.faults.set({ endpoints: [{ endpoint: 'query:EventLogFile', fault: '403', delayMs: 0 }] });
    const refused = await collect();
    expect(refused[0]).toMatchObject({ status: 'failed', cursorBefore: cursor, cursorAfter: cursor });
    expect(refused[0]!.error).toMatch(/INSUFFICIENT_ACCESS.*needs Event Monitoring/);
    expect(refused[0]!.permission).toMatch(/View Event Log Files/);
    expect(collectExitCode(refused)).toBe(EXIT.failed);
    sf.emulator.faults.set({ endpoints: [] });
  });

  it('an org without Event Monitoring (INVALID_TYPE) is unknown, not empty: reported, exit 3', async () => {
    const bare = await startSalesforceEmulator(data);
    const fresh = await openTestStore('sqlite');
    try {
      Object.assign(process.env, bare.env);
      const bareJobs = bare.tenants.map((t) => ({
        platform: 'salesforce' as const,
        tenant: t.tenant,
        options: t.options,
      }));
      const results = await collectActivity(bareJobs, collectOptions(fresh, now, { enrich: false }));
      expect(results[0]).toMatchObject({ status: 'failed', cursorBefore: null, cursorAfter: null, summary: null });
      expect(results[0]!.error).toMatch(/INVALID_TYPE.*EventLogFile is not queryable: the org needs Event Monitoring/);
      expect(collectExitCode(results)).toBe(EXIT.failed);
    } finally {
      await fresh.close();
      await bare.emulator.close();
      Object.assign(process.env, sf.env);
    }
  });
});
