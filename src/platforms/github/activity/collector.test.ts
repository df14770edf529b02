import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { type CollectJob, collectActivity, type StreamResult } from '../../../monitoring/collect.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents } from '../../../monitoring/events-store.js';
import { collectExitCode, collectOptions } from '../../../surfaces/cli/commands/events-collect.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import type { Store } from '../../../store/index.js';
import { openTestStore } from '../../../testing/store.js';
import { startGitHubEmulator } from '../emulator/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { githubAuditCollector } from './collector.js';

/**
 * `steward events collect` against the GitHub emulator serving hand-written audit-log entries (the `audit-log-event`
 * shape of GitHub's "Audit log events for your organization": `_document_id`, `action`, `actor`, `created_at` and
 * `@timestamp` in epoch ms, `org`, `user`, `token_id`, `programmatic_access_type`) through GET /orgs/{org}/audit-log,
 * oldest first, 100 a page: what is stored, the detections, a second collect that adds nothing, a late entry inside
 * the overlap, and a refusal (403) and a non-GHEC org (404) that keep the cursor and are reported, never empty.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.parse('2026-11-01T00:00:00Z');
type Entry = Record<string, unknown>;

let org = '';
const entry = (id: string, at: number, over: Entry = {}): Entry => ({
  '@timestamp': at,
  _document_id: `doc-${id}`,
  action: 'repo.create',
  actor: 'octocat',
  actor_id: 583231,
  created_at: at,
  org,
  org_id: 9919,
  repo: `${org}/service-${id}`,
  user_agent: 'Mozilla/5.0',
  operation_type: 'create',
  ...over,
});

/** 250 ordinary entries over the last 10 days (three pages), a Git event, and three an analyst must see. */
function plantedEntries(): Entry[] {
  const routine = Array.from({ length: 250 }, (_, i) => entry(`r${i}`, NOW - 10 * DAY + i * 55 * MINUTE));
  return [
    ...routine,
    entry('git', NOW - 2 * DAY, { action: 'git.clone', repo: `${org}/service-r1`, repository_public: false }),
    entry('stream-deleted', NOW - DAY, {
      action: 'audit_log_streaming.destroy',
      actor: 'eve',
      repo: undefined,
      actor_ip: '203.0.113.7',
    }),
    entry('member-by-token', NOW - 3 * DAY, {
      action: 'org.add_member',
      actor: 'deploy-bot-user',
      user: 'mallory',
      repo: undefined,
      token_id: 555555,
      hashed_token: 'E8Fzcgs3TQXqhrKKC/qNR+2XZnaK3ykQBSAt1kPMiJs=',
      programmatic_access_type: 'Fine-grained personal access token',
      user_agent: 'python-requests/2.32.3',
    }),
    entry('key-by-bot', NOW - 4 * DAY, {
      action: 'public_key.create',
      actor: 'renovate[bot]',
      programmatic_access_type: 'GitHub App server-to-server token',
    }),
    // Older than the audit log's 180 days: never asked for.
    entry('ancient', NOW - 200 * DAY),
  ];
}

describe('GitHub org audit log collector (emulator, planted entries)', () => {
  let store: Store;
  let gh: Awaited<ReturnType<typeof startGitHubEmulator>>;
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
  const inLookback = () => planted.filter((e) => Number(e.created_at) >= NOW - 180 * DAY);

  beforeAll(async () => {
    const estate = await generateEstate({ seed: 5, size: 10, platforms: ['github'] });
    const data = estate.platforms.github as GitHubEstateData;
    org = data.org.login;
    planted = plantedEntries();
    gh = await startGitHubEmulator(data, { auditLog: planted });
    Object.assign(process.env, gh.env);
    jobs = gh.tenants.map((t) => ({ platform: 'github', tenant: t.tenant, options: t.options }));
    store = await openTestStore('sqlite');
    first = await collect();
  }, 60_000);
  afterAll(async () => {
    await gh?.emulator.close();
    await store?.close();
  });

  it('stores every entry of the lookback (Git events included), none quarantined, walking every page', () => {
    expect(first.map((r) => [r.status, r.stream, r.endpoint])).toEqual([
      ['collected', `audit-log:${org}`, `GET /orgs/${org}/audit-log`],
    ]);
    expect(first[0]!.summary).toMatchObject({ stored: inLookback().length, quarantined: 0 });
    expect(inLookback().length).toBeGreaterThan(200);
  });

  it('raises the detections the entries call for: anti-forensics by a person, sensitive operations by tokens', async () => {
    const got = (await listDetections(store)).map((d) => [d.ruleId, d.actor, d.severity]);
    expect(got.sort()).toEqual(
      [
        ['activity-anti-forensics', 'eve', 'high'],
        ['activity-sensitive-operation', 'deploy-bot-user#token:555555', 'medium'],
        ['activity-sensitive-operation', 'renovate[bot]', 'medium'],
      ].sort(),
    );
  });

  it('hands the entries over oldest first, only those of the window', async () => {
    const [stream] = githubAuditCollector.streams(jobs[0]!.tenant, jobs[0]!.options, {});
    const times: number[] = [];
    for await (const batch of stream!.read({ start: NOW - 5 * DAY, end: NOW - DAY }))
      for (const text of batch.records) times.push(Number((JSON.parse(text) as Entry).created_at));
    const expected = planted.map((e) => Number(e.created_at)).filter((t) => t >= NOW - 5 * DAY && t <= NOW - DAY);
    expect(times).toEqual(expected.sort((a, b) => a - b));
  });

  it('moves the cursor to the newest entry; a second collect re-reads only the overlap and stores nothing', async () => {
    const newest = Math.max(...planted.map((e) => Number(e.created_at)));
    expect(first[0]!.cursorAfter).toBe(new Date(newest).toISOString());
    const [again] = await collect();
    expect(again!.summary!.stored).toBe(0);
    expect(again!.cursorAfter).toBe(first[0]!.cursorAfter);
    // The phrase asks from the second of cursor − 30 minutes.
    const from = Math.floor((newest - 30 * MINUTE) / 1000) * 1000;
    expect(again!.summary!.duplicates).toBe(planted.filter((e) => Number(e.created_at) >= from).length);
  });

  it('finds an entry indexed late inside the overlap; one older than the overlap is not asked for', async () => {
    const cursor = Date.parse(first[0]!.cursorAfter!);
    const late = entry('late-inside', cursor - 5 * MINUTE);
    const tooLate = entry('late-outside', cursor - 60 * MINUTE);
    planted.push(late, tooLate);
    const [next] = await collect();
    expect(next!.summary!.stored).toBe(1);
    const ids = await storedIds();
    expect(ids.has('doc-late-inside')).toBe(true);
    expect(ids.has('doc-late-outside')).toBe(false);
  });

  it('a 403 keeps the cursor, names endpoint and permission, exit 3; the next collect loses nothing', async () => {
    const cursor = first[0]!.cursorAfter;
    planted.push(entry('after-refusal', Date.parse(cursor!) + MINUTE));
    gh.emulator.faults.set({ endpoints: [{ endpoint: 'GET /orgs/{org}/audit-log', fault: '403', delayMs: 0 }] });
    const before = (await storedIds()).size;
    const refused = await collect();
    expect(refused[0]).toMatchObject({ status: 'failed', cursorBefore: cursor, cursorAfter: cursor });
    expect(refused[0]!.error).toMatch(/403/);
    expect(refused[0]!.permission).toMatch(/read:audit_log/);
    expect(collectExitCode(refused)).toBe(EXIT.failed);
    expect((await storedIds()).size).toBe(before);
    gh.emulator.faults.set({ endpoints: [] });
    const [after] = await collect();
    expect(after!.summary!.stored).toBe(1);
    expect((await storedIds()).has('doc-after-refusal')).toBe(true);
  });

  it('an org without GitHub Enterprise Cloud (404) is unknown, not empty: reported, cursor kept, exit 3', async () => {
    const estate = await generateEstate({ seed: 6, size: 10, platforms: ['github'] });
    const free = await startGitHubEmulator(estate.platforms.github as GitHubEstateData, {
      ghec: false,
      auditLog: planted,
    });
    const fresh = await openTestStore('sqlite');
    try {
      Object.assign(process.env, free.env);
      const freeJobs = free.tenants.map((t) => ({ platform: 'github' as const, tenant: t.tenant, options: t.options }));
      const results = await collectActivity(freeJobs, collectOptions(fresh, now, { enrich: false }));
      expect(results[0]).toMatchObject({ status: 'failed', cursorBefore: null, cursorAfter: null, summary: null });
      expect(results[0]!.error).toContain(
        'the audit log API needs GitHub Enterprise Cloud; token needs read:audit_log',
      );
      expect(collectExitCode(results)).toBe(EXIT.failed);
      expect((await listDetections(fresh)).length).toBe(0);
    } finally {
      await fresh.close();
      await free.emulator.close();
    }
  });
});
