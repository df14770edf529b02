import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { createLogger } from '../../../lib/logger.js';
import { type CollectJob, collectActivity, type StreamResult } from '../../../monitoring/collect.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents } from '../../../monitoring/events-store.js';
import { collectExitCode, collectOptions } from '../../../surfaces/cli/commands/events-collect.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import type { Store } from '../../../store/index.js';
import { runSync } from '../../../sync/engine.js';
import { openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { startGoogleEmulator } from '../emulator/index.js';
import type { PlantedReports } from '../emulator/state.js';
import type { GoogleEstateData } from '../estate/types.js';
import { googleReportsCollector } from './collector.js';

/**
 * `steward events collect` against the Google emulator serving hand-written Reports activities (the Activity shape of
 * the Reports API: id {time, uniqueQualifier, applicationName, customerId}, actor, ipAddress, events[] with
 * parameters) through activities.list of the token, admin and login applications, newest first, 1000 a page: what is
 * stored and resolved to the inventory a scan stored, the detections, a second collect that adds nothing, a late
 * activity inside the overlap, and a 403 that keeps the cursor and is reported, never empty.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-01T00:00:00Z');
type Obj = Record<string, unknown>;

let data: GoogleEstateData;
let clientId = '';
let sa = { email: '', uniqueId: '' };
let n = 0;
const activity = (app: string, at: number, event: Obj, actor: Obj): Obj => ({
  kind: 'admin#reports#activity',
  id: {
    time: new Date(at).toISOString(),
    uniqueQualifier: String(1000 + n++),
    applicationName: app,
    customerId: 'C0test',
  },
  actor,
  ipAddress: '203.0.113.8',
  events: [event],
});
const admin = () => ({ callerType: 'USER', email: data.adminEmail, profileId: '100000000000000000001' });
const clientUse = (at: number) =>
  activity(
    'token',
    at,
    {
      name: 'activity',
      parameters: [
        { name: 'client_id', value: clientId },
        { name: 'api_name', value: 'drive' },
      ],
    },
    admin(),
  );
const login = (at: number) => activity('login', at, { type: 'login', name: 'login_success' }, admin());

/** 1,500 API calls of an OAuth client over 10 days (two pages a range: split), and the activities to see. */
function planted(): PlantedReports {
  const token = Array.from({ length: 1500 }, (_, i) => clientUse(NOW - 10 * DAY + i * 9 * MINUTE));
  token.push(clientUse(NOW - 200 * DAY)); // older than the Reports' 180 days: never asked for
  const adminEvents = [
    activity(
      'admin',
      NOW - 2 * DAY,
      {
        type: 'DOMAIN_SETTINGS',
        name: 'AUTHORIZE_API_CLIENT_ACCESS',
        parameters: [{ name: 'API_CLIENT_NAME', value: '555555555555555555555' }],
      },
      { callerType: 'USER', email: sa.email },
    ),
    activity(
      'admin',
      NOW - 3 * DAY,
      {
        type: 'DELEGATED_ADMIN_SETTINGS',
        name: 'ASSIGN_ROLE',
        parameters: [{ name: 'USER_EMAIL', value: 'eve@x.test' }],
      },
      { ...admin(), applicationInfo: { oauthClientId: sa.uniqueId, applicationName: 'sync', impersonation: true } },
    ),
    activity('admin', NOW - 4 * DAY, { name: 'USER_LICENSE_ASSIGNMENT' }, { callerType: 'KEY', key: 'SYSTEM' }),
  ];
  return { token, admin: adminEvents, login: [login(NOW - DAY)] };
}

describe('Google Reports collector (emulator, planted activities)', () => {
  let store: Store;
  let google: Awaited<ReturnType<typeof startGoogleEmulator>>;
  let reports: PlantedReports;
  let jobs: CollectJob[];
  let first: StreamResult[];
  const now = () => new Date(NOW);
  const collect = () => collectActivity(jobs, collectOptions(store, now, { enrich: false }));
  const timeOf = (a: Obj) => Date.parse(String((a.id as Obj).time));
  const storedIds = async () => {
    const ids = new Set<string>();
    for await (const e of readEvents(store)) ids.add(e.id);
    return ids;
  };
  const byStream = (results: StreamResult[], app: string) => results.find((r) => r.stream === `reports:${app}`)!;

  beforeAll(async () => {
    const estate = await generateEstate({
      seed: 11,
      size: 30,
      platforms: ['google'],
      now: new Date(NOW).toISOString(),
    });
    data = estate.platforms.google as GoogleEstateData;
    clientId = Object.values(data.tokens).flat()[0]!.clientId!;
    const account = Object.values(data.cloud.serviceAccounts).flat()[0]!;
    sa = { email: account.email!, uniqueId: account.uniqueId! };
    reports = planted();
    google = await startGoogleEmulator(data, { reports });
    Object.assign(process.env, google.env);
    jobs = google.tenants.map((t) => ({ platform: 'google', tenant: t.tenant, options: t.options }));
    store = await openTestStore('sqlite');
    // The inventory the activities resolve against: a scan of the same tenant.
    await runSync(jobs, { store, connectors: connectorFor, log: createLogger({ level: 'error' }), clock: { now } });
    first = await collect();
  }, 120_000);
  afterAll(async () => {
    await google?.emulator.close();
    await store?.close();
  });

  it('stores every activity of the lookback, one stream per application, none quarantined, actors resolved', () => {
    expect(first.map((r) => [r.status, r.stream, r.endpoint])).toEqual(
      ['token', 'admin', 'login'].map((app) => [
        'collected',
        `reports:${app}`,
        `GET /admin/reports/v1/activity/users/all/applications/${app}`,
      ]),
    );
    expect(first.map((r) => [r.summary!.stored, r.summary!.quarantined])).toEqual([
      [1500, 0],
      [3, 0],
      [1, 0],
    ]);
    // The client's calls (by its client id), the service account (by its e-mail) and the delegated client (by its
    // uniqueId) are inventory NHIs; Google's own change and the admin's sign-in are not actors to resolve.
    expect(byStream(first, 'token').summary!.actors).toMatchObject({ resolvedEvents: 1500, unresolvedEvents: 0 });
    expect(byStream(first, 'admin').summary!.actors).toMatchObject({
      resolvedEvents: 2,
      unresolvedEvents: 0,
      vendorServiceEvents: 1,
    });
    expect(byStream(first, 'login').summary!.actors).toMatchObject({ peopleEvents: 1 });
  });

  it('raises a sensitive-operation detection for each NHI that changed trust or roles', async () => {
    const got = (await listDetections(store))
      .filter((d) => d.ruleId === 'activity-sensitive-operation')
      .map((d) => [d.actor, d.severity, d.subject]);
    expect(got.sort()).toEqual(
      [
        [sa.email, 'high', 'admin:AUTHORIZE_API_CLIENT_ACCESS'],
        [sa.uniqueId, 'medium', 'admin:ASSIGN_ROLE'],
      ].sort(),
    );
  });

  it('hands the activities over oldest first (newest-first pages, ranges split), only those of the window', async () => {
    const token = googleReportsCollector.streams(jobs[0]!.tenant, jobs[0]!.options, {})[0]!;
    const times: number[] = [];
    for await (const batch of token.read({ start: NOW - 9 * DAY, end: NOW - DAY }))
      for (const text of batch.records) times.push(timeOf(JSON.parse(text) as Obj));
    const expected = (reports.token as Obj[]).map(timeOf).filter((t) => t >= NOW - 9 * DAY && t <= NOW - DAY);
    expect(times).toEqual(expected.sort((a, b) => a - b));
    expect(times.length).toBeGreaterThan(1000);
  });

  it('a second collect re-reads only the 6-hour overlap and stores nothing', async () => {
    const again = await collect();
    for (const app of ['token', 'admin', 'login']) {
      const before = byStream(first, app);
      const after = byStream(again, app);
      const cursor = Date.parse(before.cursorAfter!);
      const inOverlap = (reports[app as keyof PlantedReports] as Obj[]).filter((a) => timeOf(a) >= cursor - 6 * HOUR);
      expect([after.summary!.stored, after.summary!.duplicates, after.cursorAfter]).toEqual([
        0,
        inOverlap.length,
        before.cursorAfter,
      ]);
    }
  });

  it('finds an activity delivered late inside the overlap; one older than the overlap is not asked for', async () => {
    const cursor = Date.parse(byStream(first, 'login').cursorAfter!);
    reports.login!.push(login(cursor - 5 * HOUR), login(cursor - 7 * HOUR));
    const late = reports
      .login!.slice(-2)
      .map((a) => `login:${(a.id as Obj).time}:${(a.id as Obj).uniqueQualifier}:login_success`);
    const next = await collect();
    expect(byStream(next, 'login').summary!.stored).toBe(1);
    const ids = await storedIds();
    expect(late.map((id) => ids.has(id))).toEqual([true, false]);
  });

  it('a 403 on one application keeps its cursor, names endpoint and scope, exit 4 (the others read); 3 if all refuse', async () => {
    const cursor = byStream(first, 'admin').cursorAfter!;
    reports.admin!.push(activity('admin', Date.parse(cursor) + MINUTE, { name: 'CREATE_ROLE' }, admin()));
    const endpoint = 'GET /admin/reports/v1/activity/users/all/applications/admin';
    google.emulator.faults.set({ endpoints: [{ endpoint, fault: '403', delayMs: 0 }] });
    const before = (await storedIds()).size;
    const results = await collect();
    const refused = byStream(results, 'admin');
    expect(refused).toMatchObject({ status: 'failed', cursorBefore: cursor, cursorAfter: cursor, summary: null });
    expect(refused.error).toMatch(/HTTP 403/);
    expect(refused.permission).toMatch(/admin\.reports\.audit\.readonly/);
    expect(results.map((r) => r.status)).toEqual(['collected', 'failed', 'collected']);
    expect(collectExitCode(results)).toBe(EXIT.partial);
    expect((await storedIds()).size).toBe(before);
    const apps = ['token', 'admin', 'login'];
    google.emulator.faults.set({
      endpoints: apps.map((app) => ({ endpoint: endpoint.replace(/admin$/, app), fault: '403' as const, delayMs: 0 })),
    });
    expect(collectExitCode(await collect())).toBe(EXIT.failed);
    google.emulator.faults.set({ endpoints: [] });
    expect(byStream(await collect(), 'admin').summary!.stored).toBe(1);
  });
});
