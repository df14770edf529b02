import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailFormat } from '../platforms/aws/activity/cloudtrail.js';
import type { Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { listDetections } from './detections-store.js';
import { readEvents } from './events-store.js';
import { importChunks, importFile } from './pipeline.js';

// Hand-written CloudTrail records in the shape of the CloudTrail record-contents reference (docs.aws.amazon.com).
const ACCOUNT = '111122223333';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const USER_ID = 'AIDAJDPLRKLG7UEXAMPLE';

function record(id: string, time: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    eventVersion: '1.09',
    eventID: id,
    eventTime: time,
    eventSource: 'iam.amazonaws.com',
    eventName: name,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11',
    userIdentity: {
      type: 'IAMUser',
      principalId: USER_ID,
      arn: `arn:aws:iam::${ACCOUNT}:user/deploy-bot`,
      accountId: ACCOUNT,
      accessKeyId: KEY,
      userName: 'deploy-bot',
    },
    requestParameters: null,
    responseElements: null,
    ...extra,
  };
}

const now = () => new Date('2026-12-05T00:00:00Z');
let store: Store;
const options = () => ({
  store,
  format: cloudTrailFormat,
  platform: 'aws' as const,
  lastUsedSource: 'CloudTrail events',
  now,
  enrich: false,
});

async function* chunks(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function seedInventory(lastUsed: string | null): Promise<void> {
  const common = { platform: 'aws', tenant: 'prod', attributes: '{}', sync_run_id: 'r1', scope: '' };
  await store.db
    .insertInto('identities')
    .values({
      ...common,
      id: `aws:prod:user:${USER_ID}`,
      kind: 'service_account',
      native_type: 'user',
      native_id: USER_ID,
      name: 'deploy-bot',
      created_at: null,
      created_by: null,
      last_used_at: lastUsed,
      last_used_source: 'credential report',
      enabled: 1,
      publisher_name: null,
      publisher_verified: null,
      publisher_domain: null,
      third_party: 0,
      interactive: 0,
      environment: null,
      owner_claims: '[]',
      first_seen: '2024-01-01T00:00:00Z',
      last_seen: '2024-01-01T00:00:00Z',
      gone_at: null,
      gone_run_id: null,
      stale: '[]',
    })
    .execute();
  await store.db
    .insertInto('credentials')
    .values({
      ...common,
      id: `aws:prod:access_key:${KEY}`,
      identity_id: `aws:prod:user:${USER_ID}`,
      type: 'access_key',
      name: KEY,
      created_at: null,
      expires_at: null,
      last_used_at: lastUsed,
      last_used_source: 'credential report',
      fingerprint: null,
      enabled: 1,
    })
    .execute();
}

describe.each(ENGINES)('importChunks on %s', (engine) => {
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it('streams a {"Records":[…]} file cut in small chunks, resolves the key to its user, moves last use forward', async () => {
    await seedInventory('2024-01-01T00:00:00Z');
    const text = JSON.stringify({
      Records: [
        record('e1', '2024-06-01T10:00:00Z', 'ListUsers'),
        record('e2', '2024-06-01T10:05:00Z', 'CreateAccessKey', { requestParameters: { userName: 'alice' } }),
      ],
    });
    const s = await importChunks(chunks(text), options());
    expect(s).toMatchObject({ records: 2, events: 2, quarantined: 0, duplicates: 0, stored: 2 });
    expect(s.actors).toMatchObject({ resolved: 1, unresolved: 0, resolvedEvents: 2 });
    expect(s.lastUsedUpdated).toEqual({ identities: 1, credentials: 1 });
    const cred = await store.db
      .selectFrom('credentials')
      .select(['last_used_at', 'last_used_source'])
      .executeTakeFirstOrThrow();
    expect(cred).toEqual({ last_used_at: '2024-06-01T10:05:00.000Z', last_used_source: 'CloudTrail events' });
    const stored = [];
    for await (const e of readEvents(store)) stored.push(e);
    expect(stored.map((e) => [e.id, e.identityId, e.credentialId, e.tags])).toEqual([
      ['e1', `aws:prod:user:${USER_ID}`, `aws:prod:access_key:${KEY}`, []],
      [
        'e2',
        `aws:prod:user:${USER_ID}`,
        `aws:prod:access_key:${KEY}`,
        ['credential.create', 'iam.write', 'credential.other'],
      ],
    ]);
    // Raw-free: nothing of the request parameters but the target's name.
    expect(JSON.stringify(stored)).not.toContain('requestParameters');
    // 150 days after the vendor's last use: dormant-then-active, plus the key created for another user.
    const rules = (await listDetections(store)).map((d) => `${d.ruleId}:${d.severity}`).sort();
    expect(rules).toEqual(['activity-dormant-then-active:high', 'activity-sensitive-operation:high']);
  });

  it('counts duplicates on re-import and never detects them twice', async () => {
    const text = JSON.stringify([record('e1', '2024-06-01T10:00:00Z', 'CreateUser')]);
    await importChunks(chunks(text), options());
    const again = await importChunks(chunks(text), options());
    expect(again).toMatchObject({ records: 1, stored: 0, duplicates: 1 });
    expect((await listDetections(store)).map((d) => d.eventCount)).toEqual([1]);
  });

  it('quarantines malformed lines of a JSON-lines file and keeps going; an unresolved actor is counted', async () => {
    const good = JSON.stringify(record('e1', '2024-06-01T10:00:00Z', 'ListRoles'));
    const truncated = JSON.stringify(record('e2', '2024-06-01T10:00:00Z', 'ListRoles')).slice(0, 80);
    const text = `${good}\n${truncated}\n{"eventID": 5}\nnot json\n${JSON.stringify(record('e3', 'yesterday', 'ListRoles'))}\n${good.replace('"e1"', '"e4"')}\n`;
    const s = await importChunks(chunks(text, 13), options());
    expect(s).toMatchObject({ records: 4, events: 2, stored: 2, quarantined: 4 });
    expect(s.quarantineSamples.map((q) => q.reason).sort()).toEqual([
      'eventTime is not a date (event e3)',
      'not a CloudTrail record (eventID, eventSource, eventName or eventTime missing)',
      'not a JSON object where a record should start',
      'truncated record (its line ends before it closes)',
    ]);
    expect(s.actors).toMatchObject({ resolved: 0, unresolved: 1, unresolvedEvents: 2 });
    expect(s.actors.topUnresolved).toEqual([{ actor: `arn:aws:iam::${ACCOUNT}:user/deploy-bot`, events: 2 }]);
  });

  it('reads gzip by its magic bytes, and flags a new country once the baseline is stable', async () => {
    const days = Array.from({ length: 60 }, (_, i) =>
      record(`b${i}`, new Date(Date.UTC(2024, 5, 1 + Math.floor(i / 6), 9)).toISOString(), 'ListUsers', {
        sourceIPAddress: '8.8.8.8',
      }),
    );
    const odd = record('odd', '2024-06-20T03:00:00Z', 'ListUsers', { sourceIPAddress: '1.0.16.1' });
    const dir = mkdtempSync(join(tmpdir(), 'steward-events-'));
    const file = join(dir, 'trail.json');
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [...days, odd] })));
    const s = await importFile(file, { ...options(), enrich: true }).finally(() => rmSync(dir, { recursive: true }));
    expect(s).toMatchObject({ stored: 61, quarantined: 0 });
    const origin = (await listDetections(store)).filter((d) => d.ruleId === 'activity-new-origin');
    expect(origin.map((d) => [d.subject, d.eventIds])).toEqual([['country JP+AS2519', ['odd']]]);
  });
  it('gives the same summary, stored events and detections on a parse thread as on the importing thread', async () => {
    await seedInventory('2024-01-01T00:00:00Z');
    const good = (id: string, name: string, ip: string) =>
      JSON.stringify(record(id, '2024-06-01T10:00:00Z', name, { sourceIPAddress: ip }));
    const text = `${good('t1', 'ListUsers', '8.8.8.8')}\nnot json\n{"eventID": 5}\n${good('t2', 'CreateAccessKey', '1.0.16.1')}\n${good('t3', 'StopLogging', '2001:db8::1')}\n`;
    const outcome = async (parseThread: boolean) => {
      const summary = await importChunks(chunks(text, 11), { ...options(), enrich: true, parseThread });
      const events = [];
      for await (const e of readEvents(store)) events.push(e);
      const detections = (await listDetections(store)).map((d) => [d.ruleId, d.subject, d.eventIds]).sort();
      return { summary, events, detections };
    };
    const threaded = await outcome(true);
    await store.close();
    store = await openTestStore(engine);
    await seedInventory('2024-01-01T00:00:00Z');
    const here = await outcome(false);
    expect([threaded.summary.parseThread, here.summary.parseThread]).toEqual([true, false]);
    expect({ ...threaded, summary: { ...threaded.summary, parseThread: null } }).toEqual({
      ...here,
      summary: { ...here.summary, parseThread: null },
    });
    expect(threaded.summary).toMatchObject({ records: 4, stored: 3, quarantined: 2 });
    expect(threaded.events.map((e) => [e.id, e.country, e.asn])).toEqual([
      ['t1', 'US', 15169],
      ['t2', 'JP', 2519],
      ['t3', null, null],
    ]);
  });

  it.each([true, false])('stores what was read before a read error (parse thread: %s)', async (parseThread) => {
    const lines = ['r1', 'r2', 'r3'].map((id) => JSON.stringify(record(id, '2024-06-01T10:00:00Z', 'ListRoles')));
    async function* failing() {
      yield `${lines[0]}\n${lines[1]}\n`;
      yield `${lines[2]}\n`;
      throw new Error('disk gone');
    }
    await expect(importChunks(failing(), { ...options(), parseThread })).rejects.toThrow('disk gone');
    const stored = [];
    for await (const e of readEvents(store)) stored.push(e.id);
    expect(stored).toEqual(['r1', 'r2', 'r3']);
  });
});
