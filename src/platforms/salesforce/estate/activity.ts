import { stringify } from 'csv-stringify/sync';
import {
  type ActivityGenerator,
  type BenignNovelty,
  type ExpectedDetection,
  DAY,
  HOUR,
  routineTimes,
} from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import { DRIFT_LIKE_APP } from './catalogue.js';
import type { SalesforceEstateData } from './types.js';

/**
 * Planted Salesforce activity of the demo org, as Event Monitoring log files (the EventLogFile CSV: a header row of
 * `LogFileFieldNames`, every value quoted, one file per event type, fields of the EventLogFile Supported Event Types
 * reference): two weeks of small SOQL queries by two connected apps acting as integration users (`RestApi`), then the
 * Salesloft Drift case of 2025 — the Drift-like app's token used from a Tor exit to create Bulk API 2.0 query jobs
 * and download their results, and the jobs themselves in the `BulkApi2` file (which names the user, not the app) —
 * and a benign novelty. The expected detections come from this file's own catalogue (SCENARIOS).
 *
 * Ids: `USER_ID` is written with 15 characters and `USER_ID_DERIVED` with the 18 the inventory holds, as Salesforce
 * writes them. `CONNECTED_APP_ID` is written with the inventory's 18 characters: the estate's ids end in a random
 * 3-letter suffix, not Salesforce's case checksum, so the parser's 15→18 extension of a real log's id would not find
 * them (the extension itself is tested on hand-written ids in activity/elf.test.ts).
 */

const API = 'v62.0';

/** Addresses and what the offline IP tables (@ip-location-db asn + geo-whois-asn-country) say of them, looked up by hand. */
const NET = {
  ec2UsEast: ['3.80.12.7', '3.81.40.2', '35.171.20.9'], // AS14618, US: where the apps run
  ec2UsEastOther: '44.192.10.4', // AS14618, US: a new address on a known network
  torDe: '185.220.101.33', // AS60729, DE
} as const;

const SCENARIOS = {
  driftTokenTheft: {
    scenario:
      'Salesloft Drift (2025): the connected app, which reads a few records at a time from AWS, creates Bulk API 2.0 query jobs from a Tor exit and downloads ~50,000 rows each',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  driftBulkJobs: {
    scenario: 'Salesloft Drift (2025): the Bulk API 2.0 query jobs, as the integration user whose token the app holds',
    expect: [{ ruleId: 'activity-sensitive-operation', severity: 'medium' }],
  },
  newAddressSameNetwork: {
    scenario: 'benign: a connected app calls from a new AWS address on the same network and country: nothing to raise',
    expect: [],
    benign: 'info',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

interface Actor {
  /** 18 characters, as the inventory holds them. */
  appId: string | null;
  userId: string;
  identityId: string;
  /** The session every row of a planted sequence shares (SESSION_KEY, LOGIN_KEY); none = a new one per row. */
  session?: { key: string; login: string };
}

type FileType = 'RestApi' | 'BulkApi2';

export const salesforceActivity: ActivityGenerator = (data, labels, now) => {
  const org = data as SalesforceEstateData;
  const t0 = now.getTime();
  const cast = castActors(org, labels, t0);
  if (!cast) return null;
  const { drift, other, user } = cast;
  const log = new EventLog(new Random(0x5eed_5f0c), org);
  const expected: Record<FileType, ExpectedDetection[]> = { RestApi: [], BulkApi2: [] };
  const benign: Record<FileType, BenignNovelty[]> = { RestApi: [], BulkApi2: [] };
  const plantOn = (id: ScenarioId, file: FileType, actor: Actor | undefined, plant: (a: Actor) => void) => {
    if (!actor) return;
    plant(actor);
    const s = SCENARIOS[id];
    for (const e of s.expect) expected[file].push({ ...e, identityId: actor.identityId, scenario: s.scenario });
    if ('benign' in s) benign[file].push({ identityId: actor.identityId, scenario: s.scenario, maxSeverity: s.benign });
  };
  for (const a of [drift, other]) if (a) log.routine(a, t0);
  const objects = ['Account', 'Contact', 'Opportunity', 'Case'];
  const at = (i: number) => t0 - 5 * HOUR + i * 10 * 60_000;
  // One session of the stolen token: the REST calls and the jobs they created share its keys.
  const session = log.session();
  plantOn('driftTokenTheft', 'RestApi', drift, (a) => {
    for (let i = 0; i < objects.length; i++) log.bulkQueryByApp({ ...a, session }, at(i), NET.torDe);
  });
  // The jobs are the Drift app's too, but the BulkApi2 log names only the user: planted only when the app's are.
  if (drift)
    plantOn('driftBulkJobs', 'BulkApi2', user, (u) => {
      for (let i = 0; i < objects.length; i++) log.bulkJob({ ...u, session }, at(i), NET.torDe, objects[i]);
    });
  plantOn('newAddressSameNetwork', 'RestApi', other, (a) => log.restQuery(a, t0 - 3 * HOUR, NET.ec2UsEastOther, 12));
  return (['RestApi', 'BulkApi2'] as const)
    .map((type) => ({ format: 'salesforce-elf', ...log.file(type), expected: expected[type], benign: benign[type] }))
    .filter((p) => p.records > 0);
};

/**
 * The Drift-like app (app 0 of the estate) and another connected app, both acting as one integration user; each must
 * have been used within the last 25 days by the vendor's account (or never), so two weeks of history wake nothing.
 */
function castActors(data: SalesforceEstateData, labels: readonly IdentityLabel[], t0: number) {
  const recent = (l: IdentityLabel) => l.lastUsedAt === null || Date.parse(l.lastUsedAt) >= t0 - 25 * DAY;
  const nativeOf = (l: IdentityLabel) => l.id.split(':').pop() as string;
  const userLabel = labels.find((l) => l.kind === 'integration_user' && recent(l));
  if (!userLabel) return null;
  const userId = nativeOf(userLabel);
  const appLabels = new Map(labels.filter((l) => l.kind === 'oauth_app').map((l) => [nativeOf(l), l]));
  const apps = data.tables.ConnectedApplication.map((app) => {
    const label = appLabels.get(String(app.Id));
    return label && recent(label)
      ? { actor: { appId: String(app.Id), userId, identityId: label.id }, drift: app.Name === DRIFT_LIKE_APP }
      : null;
  });
  return {
    drift: apps[0]?.drift ? apps[0].actor : undefined,
    other: apps.slice(1).find((a) => a !== null)?.actor,
    user: { appId: null, userId, identityId: userLabel.id } satisfies Actor,
  };
}

type Row = Record<string, string | number>;

const REST_COLUMNS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'RUN_TIME',
  'CPU_TIME',
  'URI',
  'SESSION_KEY',
  'LOGIN_KEY',
  'USER_TYPE',
  'REQUEST_STATUS',
  'DB_TOTAL_TIME',
  'ENTITY_NAME',
  'METHOD',
  'MEDIA_TYPE',
  'STATUS_CODE',
  'ROWS_PROCESSED',
  'CLIENT_IP',
  'CONNECTED_APP_ID',
  'TIMESTAMP_DERIVED',
  'USER_ID_DERIVED',
] as const;

const BULK2_COLUMNS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'RUN_TIME',
  'CPU_TIME',
  'CLIENT_IP',
  'JOB_ID',
  'JOB_STATUS',
  'OPERATION_TYPE',
  'ENTITY_TYPE',
  'RECORDS_PROCESSED',
  'RECORDS_FAILED',
  'RESULT_SIZE_MB',
  'URI',
  'SESSION_KEY',
  'LOGIN_KEY',
  'TIMESTAMP_DERIVED',
  'USER_ID_DERIVED',
] as const;

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `yyyyMMddHHmmss.SSS`, UTC, as EventLogFile's TIMESTAMP. */
const compactTime = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').replace('Z', '');

class EventLog {
  private readonly rows = {
    RestApi: [] as Array<{ at: number; row: Row }>,
    BulkApi2: [] as Array<{ at: number; row: Row }>,
  };

  constructor(
    private readonly rng: Random,
    private readonly data: SalesforceEstateData,
  ) {}

  /** BASELINE_DAYS days of 5–8 SOQL queries a day from AWS us-east-1, each reading 1–200 rows. */
  routine(a: Actor, t0: number): void {
    for (const at of routineTimes(this.rng, t0, [5, 8]))
      this.restQuery(a, at, this.rng.pick(NET.ec2UsEast), this.rng.int(1, 200));
  }

  restQuery(a: Actor, at: number, ip: string, rows: number): void {
    const entity = this.rng.pick(['Account', 'Contact', 'Lead', 'Opportunity']);
    this.rest(a, at, ip, 'GET', `/services/data/${API}/query`, entity, rows);
  }

  /** A Bulk API 2.0 query job created, then its results downloaded (the REST calls the app's token made). */
  bulkQueryByApp(a: Actor, at: number, ip: string): void {
    const job = `750${this.rng.token(12, BASE62)}`;
    this.rest(a, at, ip, 'POST', `/services/data/${API}/jobs/query`, null, 0);
    this.rest(
      a,
      at + 5 * 60_000,
      ip,
      'GET',
      `/services/data/${API}/jobs/query/${job}/results`,
      null,
      this.rng.int(40_000, 60_000),
    );
  }

  /** The job's own events in the BulkApi2 log: created, then complete with the records read. */
  bulkJob(u: Actor, at: number, ip: string, entity: string): void {
    const job = `750${this.rng.token(12, BASE62)}`;
    for (const [status, offset, records] of [
      ['Open', 0, 0],
      ['JobComplete', 4 * 60_000, this.rng.int(40_000, 60_000)],
    ] as const)
      this.push('BulkApi2', at + offset, {
        ...this.envelope('BulkApi2', at + offset, u),
        RUN_TIME: this.rng.int(200, 9000),
        CPU_TIME: this.rng.int(20, 900),
        CLIENT_IP: ip,
        JOB_ID: job,
        JOB_STATUS: status,
        OPERATION_TYPE: 'query',
        ENTITY_TYPE: entity,
        RECORDS_PROCESSED: records,
        RECORDS_FAILED: 0,
        RESULT_SIZE_MB: Math.round(records / 900) / 10,
        URI: `/services/data/${API}/jobs/query`,
      });
  }

  private rest(a: Actor, at: number, ip: string, method: string, uri: string, entity: string | null, rows: number) {
    this.push('RestApi', at, {
      ...this.envelope('RestApi', at, a),
      RUN_TIME: this.rng.int(20, 900),
      CPU_TIME: this.rng.int(5, 200),
      URI: uri,
      USER_TYPE: 'Standard',
      REQUEST_STATUS: 'S',
      DB_TOTAL_TIME: this.rng.int(1_000_000, 90_000_000),
      ENTITY_NAME: entity ?? '',
      METHOD: method,
      MEDIA_TYPE: 'application/json',
      STATUS_CODE: 200,
      ROWS_PROCESSED: rows,
      CLIENT_IP: ip,
      CONNECTED_APP_ID: a.appId ?? '',
    });
  }

  session(): { key: string; login: string } {
    return { key: this.rng.token(16, BASE62), login: this.rng.token(16, BASE62) };
  }

  private envelope(type: string, at: number, a: Actor): Row {
    return {
      EVENT_TYPE: type,
      TIMESTAMP: compactTime(at),
      REQUEST_ID: this.rng.token(22, BASE62),
      ORGANIZATION_ID: this.data.organizationId.slice(0, 15),
      USER_ID: a.userId.slice(0, 15),
      SESSION_KEY: a.session?.key ?? this.rng.token(16, BASE62),
      LOGIN_KEY: a.session?.login ?? this.rng.token(16, BASE62),
      TIMESTAMP_DERIVED: new Date(at).toISOString(),
      USER_ID_DERIVED: a.userId,
    };
  }

  private push(type: FileType, at: number, row: Row): void {
    this.rows[type].push({ at, row });
  }

  /** One event type's log file, oldest first (a daily file is in time order; baselines learn before they judge). */
  file(type: FileType): { fileName: string; text: string; records: number } {
    const rows = this.rows[type].sort((x, y) => x.at - y.at).map((r) => r.row);
    const columns = type === 'RestApi' ? REST_COLUMNS : BULK2_COLUMNS;
    return {
      fileName: `${this.data.myDomain}-${type}.csv`,
      text: stringify(rows, { header: true, columns: [...columns], quoted: true }),
      records: rows.length,
    };
  }
}
