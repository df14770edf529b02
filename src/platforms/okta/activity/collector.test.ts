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
import { startOktaEmulator } from '../emulator/index.js';
import type { OktaEstateData } from '../estate/types.js';
import { oktaSystemLogCollector } from './collector.js';

/**
 * `steward events collect` against the Okta emulator serving hand-written LogEvents (Okta's System Log API shape:
 * uuid, published, eventType, actor, client, outcome, transaction.detail.requestApiTokenId, target[]) through
 * GET /api/v1/logs, bounded (since/until), ascending, 1000 a page: what is stored and resolved to the inventory a scan
 * stored, the detections, a second collect that adds nothing, a late event inside the overlap, and a 403 (no
 * okta.logs.read) that keeps the cursor and is reported, never empty.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.parse('2026-11-01T00:00:00Z');
type Obj = Record<string, unknown>;

let data: OktaEstateData;
const admin = { id: '00u1admin00000000001', type: 'User', alternateId: 'eve.admin@example.com', displayName: 'Eve' };
const logEvent = (id: string, at: number, over: Obj = {}): Obj => ({
  uuid: `ev-${id}`,
  published: new Date(at).toISOString(),
  eventType: 'user.lifecycle.create',
  version: '0',
  severity: 'INFO',
  displayMessage: 'Create okta user',
  actor: admin,
  client: { ipAddress: '198.51.100.7', userAgent: { rawUserAgent: 'Mozilla/5.0' }, id: null },
  outcome: { result: 'SUCCESS' },
  transaction: { type: 'WEB', id: `tx-${id}`, detail: {} },
  target: [{ id: `00u${id}`, type: 'User', alternateId: `${id}@example.com`, displayName: id }],
  ...over,
});

let serviceApp = '';
let tokenId = '';
const appActor = () => ({ id: serviceApp, type: 'PublicClientApp', alternateId: serviceApp, displayName: 'svc' });
const viaToken = () => ({ transaction: { type: 'WEB', id: 'tx', detail: { requestApiTokenId: tokenId } } });

/** 1,100 token grants of a service app over 10 days (two pages), and the events an analyst must see. */
function planted(): Obj[] {
  const grants = Array.from({ length: 1100 }, (_, i) =>
    logEvent(`g${i}`, NOW - 10 * DAY + i * 13 * MINUTE, {
      eventType: 'app.oauth2.as.token.grant.access_token',
      actor: appActor(),
      client: { id: serviceApp, ipAddress: '203.0.113.5', userAgent: null },
      target: [{ id: `AT.${i}`, type: 'access_token', alternateId: 'unknown', displayName: 'Access Token' }],
    }),
  );
  return [
    ...grants,
    logEvent('stream-off', NOW - DAY, { eventType: 'system.log_stream.lifecycle.deactivate', target: [] }),
    logEvent('token-by-token', NOW - 2 * DAY, {
      eventType: 'system.api_token.create',
      ...viaToken(),
      target: [{ id: '00Tnewtoken', type: 'Token', alternateId: 'unknown', displayName: 'backdoor' }],
    }),
    logEvent('role-by-app', NOW - 3 * DAY, { eventType: 'user.account.privilege.grant', actor: appActor() }),
    logEvent('import', NOW - 4 * DAY, {
      eventType: 'system.import.start',
      actor: { id: '0oa00system', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta' },
    }),
    // Older than the System Log's 90 days: never asked for.
    logEvent('ancient', NOW - 120 * DAY),
  ];
}

describe('Okta System Log collector (emulator, planted LogEvents)', () => {
  let store: Store;
  let okta: Awaited<ReturnType<typeof startOktaEmulator>>;
  let events: Obj[];
  let jobs: CollectJob[];
  let first: StreamResult[];
  const now = () => new Date(NOW);
  const collect = () => collectActivity(jobs, collectOptions(store, now, { enrich: false }));
  const storedIds = async () => {
    const ids = new Set<string>();
    for await (const e of readEvents(store)) ids.add(e.id);
    return ids;
  };
  const timeOf = (e: Obj) => Date.parse(String(e.published));
  const inLookback = () => events.filter((e) => timeOf(e) >= NOW - 90 * DAY);

  beforeAll(async () => {
    const estate = await generateEstate({ seed: 7, size: 20, platforms: ['okta'], now: new Date(NOW).toISOString() });
    data = estate.platforms.okta as OktaEstateData;
    serviceApp = data.apps.find((a) => a.oauthClient?.applicationType === 'service')!.id;
    tokenId = data.apiTokens[0]!.id;
    events = planted();
    okta = await startOktaEmulator(data, { systemLog: events });
    Object.assign(process.env, okta.env);
    jobs = okta.tenants.map((t) => ({ platform: 'okta', tenant: t.tenant, options: t.options }));
    store = await openTestStore('sqlite');
    // The inventory the events resolve against: a scan of the same org.
    await runSync(jobs, {
      store,
      connectors: connectorFor,
      log: createLogger({ level: 'error' }),
      clock: { now },
    });
    first = await collect();
  }, 120_000);
  afterAll(async () => {
    await okta?.emulator.close();
    await store?.close();
  });

  it('stores every event of the lookback over both pages, none quarantined, the actors resolved', () => {
    expect(first.map((r) => [r.status, r.stream, r.endpoint])).toEqual([
      ['collected', 'system-log', `GET ${okta.emulator.url}/api/v1/logs`],
    ]);
    expect(first[0]!.summary).toMatchObject({ stored: inLookback().length, quarantined: 0 });
    expect(inLookback().length).toBe(1104);
    // The service app's grants and role grant (by its id) and the token's request (by its id) are inventory NHIs;
    // the person's and Okta's own events are not actors to resolve.
    expect(first[0]!.summary!.actors).toMatchObject({
      resolvedEvents: 1102,
      unresolvedEvents: 0,
      vendorServiceEvents: 1,
    });
  });

  it('raises the detections the events call for', async () => {
    // Actors are Okta's stable ids (a login can be renamed); the messages name them.
    const got = (await listDetections(store)).map((d) => [d.ruleId, d.actor, d.severity, d.message]);
    expect(got.sort()).toEqual(
      [
        [
          'activity-anti-forensics',
          admin.id,
          'high',
          'eve.admin@example.com did system:system.log_stream.lifecycle.deactivate',
        ],
        [
          'activity-sensitive-operation',
          `${admin.id}#token:${tokenId}`,
          'medium',
          `eve.admin@example.com (API token ${tokenId}) did system:system.api_token.create on backdoor (credential.create) for the first time`,
        ],
        [
          'activity-sensitive-operation',
          serviceApp,
          'medium',
          'svc did user:user.account.privilege.grant on role-by-app (iam.write) for the first time',
        ],
      ].sort(),
    );
  });

  it('hands the events over oldest first, only those of the window, tagged with the tenant', async () => {
    const [stream] = oktaSystemLogCollector.streams(jobs[0]!.tenant, jobs[0]!.options, {});
    const times: number[] = [];
    for await (const batch of stream!.read({ start: NOW - 5 * DAY, end: NOW - DAY }))
      for (const text of batch.records) times.push(timeOf(JSON.parse(text) as Obj));
    const expected = events.map(timeOf).filter((t) => t >= NOW - 5 * DAY && t <= NOW - DAY);
    expect(times).toEqual(expected.sort((a, b) => a - b));
    const [e] = stream!.format.parse(events[0]);
    expect(e!.tenant).toBe(data.subdomain);
  });

  it('moves the cursor to the newest event; a second collect re-reads only the overlap and stores nothing', async () => {
    const newest = Math.max(...events.map(timeOf));
    expect(first[0]!.cursorAfter).toBe(new Date(newest).toISOString());
    const [again] = await collect();
    expect(again!.summary!.stored).toBe(0);
    expect(again!.cursorAfter).toBe(first[0]!.cursorAfter);
    expect(again!.summary!.duplicates).toBe(events.filter((e) => timeOf(e) >= newest - 15 * MINUTE).length);
  });

  it('finds an event persisted late inside the overlap; one older than the overlap is not asked for', async () => {
    const cursor = Date.parse(first[0]!.cursorAfter!);
    events.push(logEvent('late-inside', cursor - 5 * MINUTE), logEvent('late-outside', cursor - 60 * MINUTE));
    const [next] = await collect();
    expect(next!.summary!.stored).toBe(1);
    const ids = await storedIds();
    expect([ids.has('ev-late-inside'), ids.has('ev-late-outside')]).toEqual([true, false]);
  });

  it('a 403 (no okta.logs.read) keeps the cursor, names endpoint and scope, exit 3; the next collect loses nothing', async () => {
    const cursor = first[0]!.cursorAfter;
    events.push(logEvent('after-refusal', Date.parse(cursor!) + MINUTE));
    okta.emulator.faults.set({ endpoints: [{ endpoint: 'GET /api/v1/logs', fault: '403', delayMs: 0 }] });
    const before = (await storedIds()).size;
    const refused = await collect();
    expect(refused[0]).toMatchObject({ status: 'failed', cursorBefore: cursor, cursorAfter: cursor, summary: null });
    expect(refused[0]!.error).toMatch(/HTTP 403 E0000006/);
    expect(refused[0]!.permission).toMatch(/okta\.logs\.read/);
    expect(collectExitCode(refused)).toBe(EXIT.failed);
    expect((await storedIds()).size).toBe(before);
    okta.emulator.faults.set({ endpoints: [] });
    const [after] = await collect();
    expect(after!.summary!.stored).toBe(1);
    expect((await storedIds()).has('ev-after-refusal')).toBe(true);
  });
});
