import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Estate, generateEstate } from '../../../emulation/estate/index.js';
import { type CollectJob, collectActivity, type StreamResult } from '../../../monitoring/collect.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents } from '../../../monitoring/events-store.js';
import type { Store } from '../../../store/index.js';
import { collectExitCode, collectOptions } from '../../../surfaces/cli/commands/events-collect.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { scanEmulatedEstate } from '../../../testing/emulated-scan.js';
import { openTestStore } from '../../../testing/store.js';
import { startSlackEmulator } from '../emulator/index.js';
import type { SlackEstateData } from '../estate/types.js';
import { slackAuditCollector } from './collector.js';

/**
 * `steward events collect` against the Slack emulator serving hand-written Audit Logs API entries (the entry shape of
 * Slack's "Audit Logs API methods & actions": `id`, `date_create` in epoch seconds, `action`, `actor.user`, `entity`,
 * `context` with `app` when an app acted) through GET /audit/v1/logs, newest first, 9999 a page, after a scan of the
 * same estate: actors resolved to the connector's bot and app identities, the detections, a second collect that adds
 * nothing, a late entry inside the overlap, and refusals (a missing scope, an org without Enterprise Grid) that keep
 * the cursor and are reported, never empty.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.parse('2026-11-01T00:00:00Z');
type Entry = Record<string, unknown>;

const seconds = (ms: number) => Math.floor(ms / 1000);
const location = { type: 'enterprise', id: 'E0GRID', name: 'Grid', domain: 'grid' };
const member = { id: 'W0MEMBER1', name: 'ada', email: 'ada@example.com', team: 'E0GRID' };
const entry = (id: string, at: number, over: Entry = {}): Entry => ({
  id: `entry-${id}`,
  date_create: seconds(at),
  action: 'user_login',
  actor: { type: 'user', user: member },
  entity: { type: 'user', user: member },
  context: { location, ua: 'Mozilla/5.0', ip_address: '198.51.100.4' },
  ...over,
});

describe('Slack audit log collector (emulator, planted entries, scanned inventory)', () => {
  let estate: Estate;
  let data: SlackEstateData;
  let store: Store;
  let slack: Awaited<ReturnType<typeof startSlackEmulator>>;
  let planted: Entry[];
  let jobs: CollectJob[];
  let first: StreamResult[];
  const now = () => new Date(NOW);
  const collect = (j = jobs) => collectActivity(j, collectOptions(store, now, { enrich: false }));
  const storedIds = async () => {
    const ids = new Set<string>();
    for await (const e of readEvents(store)) ids.add(e.id);
    return ids;
  };
  const inLookback = () => planted.filter((e) => Number(e.date_create) * 1000 >= NOW - 90 * DAY);
  const identityOf = async (nativeId: string) =>
    (
      await store.db
        .selectFrom('identities')
        .select('id')
        .where('platform', '=', 'slack')
        .where('native_id', '=', nativeId)
        .executeTakeFirstOrThrow()
    ).id;

  /**
   * 10,050 members' sign-ins over ten days (more than one 9999-entry page: the range is split), and entries by the
   * estate's first bot user (through its app), by an approved app acting with a member's token, by an app the
   * inventory does not know, by Slack itself, and one older than the first read's 90 days.
   */
  function plantedEntries(): Entry[] {
    const bot = data.bots[0]!;
    const approved = data.approvedApps[0]!.app;
    const routine = Array.from({ length: 10_050 }, (_, i) => entry(`r${i}`, NOW - 10 * DAY + i * 80_000));
    return [
      ...routine,
      entry('bot-export', NOW - 3 * DAY, {
        action: 'channels_export_started',
        actor: { type: 'user', user: { id: bot.user_id, name: 'bot', email: '', team: 'E0GRID' } },
        context: { location, ua: 'python-requests/2.32', ip_address: '203.0.113.50', app: { id: bot.app_id } },
      }),
      entry('bot-login', NOW - 2 * DAY, {
        actor: { type: 'user', user: { id: bot.user_id, name: 'bot', email: '', team: 'E0GRID' } },
      }),
      entry('app-scopes', NOW - 4 * DAY, {
        action: 'app_scopes_expanded',
        entity: { type: 'app', app: { id: approved.id, name: approved.name } },
        context: { location, ua: 'Slack', ip_address: '203.0.113.51', app: { id: approved.id, name: approved.name } },
      }),
      entry('unknown-app', NOW - 5 * DAY, {
        action: 'app_resources_granted',
        context: { location, ua: 'Slack', ip_address: '203.0.113.52', app: { id: 'A0NOTKNOWN', name: 'Shadow' } },
      }),
      entry('by-slack', NOW - DAY, {
        action: 'user_session_invalidated',
        actor: { type: 'user', user: { id: 'USLACKUSER', name: 'Slack', email: '', team: 'E0GRID' } },
      }),
      entry('ancient', NOW - 100 * DAY),
    ];
  }

  beforeAll(async () => {
    estate = await generateEstate({ seed: 5, size: 20, platforms: ['slack'], now: '2026-11-01T00:00:00Z' });
    data = estate.platforms.slack as SlackEstateData;
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    planted = plantedEntries();
    slack = await startSlackEmulator(data, { auditLogs: planted });
    Object.assign(process.env, slack.env);
    jobs = slack.tenants.map((t) => ({ platform: 'slack', tenant: t.tenant, options: t.options }));
    first = await collect();
  }, 120_000);
  afterAll(async () => {
    await slack?.emulator.close();
    await store?.close();
  });

  it('stores every entry of the first read (split past the 9999-entry page), none quarantined', () => {
    expect(first.map((r) => [r.status, r.stream, r.endpoint])).toEqual([
      ['collected', `audit-logs:${data.orgName}`, 'GET /audit/v1/logs'],
    ]);
    expect(first[0]!.summary).toMatchObject({ stored: inLookback().length, quarantined: 0 });
    expect(inLookback().length).toBe(planted.length - 1);
  });

  it("resolves the bot user to the connector's bot identity and the acting app to its app identity", () => {
    expect(first[0]!.summary!.actors).toMatchObject({
      resolvedEvents: 3,
      unresolvedEvents: 1,
      vendorServiceEvents: 1,
      peopleEvents: 10_050,
      topUnresolved: [{ actor: 'W0MEMBER1#app:A0NOTKNOWN', events: 1 }],
    });
  });

  it('raises what the entries call for: the bulk export, the scope expansions, the bot signing in', async () => {
    const bot = data.bots[0]!;
    const approved = data.approvedApps[0]!.app;
    const got = (await listDetections(store)).map((d) => [d.ruleId, d.identityId, d.subject]);
    expect(got.sort()).toEqual(
      [
        ['activity-sensitive-operation', await identityOf(bot.user_id), 'audit:channels_export_started'],
        ['activity-interactive-use', await identityOf(bot.user_id), 'audit:user_login'],
        ['activity-sensitive-operation', await identityOf(approved.id), 'audit:app_scopes_expanded'],
        ['activity-sensitive-operation', null, 'audit:app_resources_granted'],
      ].sort(),
    );
  });

  it("has nothing to collect where the tenant's options say there is no audit log (plan standard, auditLogs off)", () => {
    const options = jobs[0]!.options as Record<string, unknown>;
    expect(slackAuditCollector.streams('t', { ...options, plan: 'standard' }, {})).toEqual([]);
    expect(slackAuditCollector.streams('t', { ...options, auditLogs: false }, {})).toEqual([]);
    expect(slackAuditCollector.streams('t', options, {}).map((s) => s.id)).toEqual(['audit-logs:t']);
  });

  it('hands the entries over oldest first, only those of the window', async () => {
    const [stream] = slackAuditCollector.streams(jobs[0]!.tenant, jobs[0]!.options, {});
    const times: number[] = [];
    for await (const batch of stream!.read({ start: NOW - 5 * DAY, end: NOW - DAY }))
      for (const text of batch.records) times.push(Number((JSON.parse(text) as Entry).date_create));
    const expected = planted
      .map((e) => Number(e.date_create))
      .filter((t) => t >= seconds(NOW - 5 * DAY) && t <= seconds(NOW - DAY));
    expect(times).toEqual(expected.sort((a, b) => a - b));
  });

  it('moves the cursor to the newest entry; a second collect re-reads only the overlap and stores nothing', async () => {
    const newest = Math.max(...planted.map((e) => Number(e.date_create))) * 1000;
    expect(first[0]!.cursorAfter).toBe(new Date(newest).toISOString());
    const [again] = await collect();
    expect(again!.summary!.stored).toBe(0);
    expect(again!.cursorAfter).toBe(first[0]!.cursorAfter);
    const from = seconds(newest - 60 * MINUTE);
    expect(again!.summary!.duplicates).toBe(planted.filter((e) => Number(e.date_create) >= from).length);
  });

  it('finds an entry delivered late inside the overlap; one older than the overlap is not asked for', async () => {
    const cursor = Date.parse(first[0]!.cursorAfter!);
    planted.push(entry('late-inside', cursor - 10 * MINUTE), entry('late-outside', cursor - 2 * 60 * MINUTE));
    const [next] = await collect();
    expect(next!.summary!.stored).toBe(1);
    const ids = await storedIds();
    expect([ids.has('entry-late-inside'), ids.has('entry-late-outside')]).toEqual([true, false]);
  });

  it('a refused token (missing_scope) keeps the cursor, names endpoint and permission, exit 3; nothing is lost', async () => {
    const cursor = first[0]!.cursorAfter;
    planted.push(entry('after-refusal', Date.parse(cursor!) + MINUTE));
    slack.emulator.faults.set({ endpoints: [{ endpoint: 'GET /audit/v1/logs', fault: '403', delayMs: 0 }] });
    const before = (await storedIds()).size;
    const refused = await collect();
    expect(refused[0]).toMatchObject({ status: 'failed', cursorBefore: cursor, cursorAfter: cursor });
    expect(refused[0]!.error).toMatch(/missing_scope/);
    expect(refused[0]!.permission).toMatch(/auditlogs:read/);
    expect(collectExitCode(refused)).toBe(EXIT.failed);
    expect((await storedIds()).size).toBe(before);
    slack.emulator.faults.set({ endpoints: [] });
    const [after] = await collect();
    expect(after!.summary!.stored).toBe(1);
    expect((await storedIds()).has('entry-after-refusal')).toBe(true);
  });

  it('an org without Enterprise Grid (not_allowed_token_type) is unknown, not empty: reported, exit 3', async () => {
    const standard = await startSlackEmulator({ ...data, enterpriseId: null }, { auditLogs: planted });
    const fresh = await openTestStore('sqlite');
    try {
      Object.assign(process.env, standard.env);
      const freeJobs = standard.tenants.map((t) => ({
        platform: 'slack' as const,
        tenant: t.tenant,
        options: t.options,
      }));
      const results = await collectActivity(freeJobs, collectOptions(fresh, now, { enrich: false }));
      expect(results[0]).toMatchObject({ status: 'failed', cursorBefore: null, cursorAfter: null, summary: null });
      expect(results[0]!.error).toContain(
        "not_allowed_token_type: the Audit Logs API needs Slack Enterprise Grid and an Org Owner's user token",
      );
      expect(collectExitCode(results)).toBe(EXIT.failed);
      expect((await listDetections(fresh)).length).toBe(0);
    } finally {
      await fresh.close();
      await standard.emulator.close();
      Object.assign(process.env, slack.env);
    }
  });
});
