import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../emulation/estate/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../../emulation/start.js';
import { openStore } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';
import { type HttpReceiver, type Received, startHttpReceiver } from '../../testing/receivers.js';
import { EXIT } from './context.js';

/**
 * Notifications through the CLI on an emulated estate: a scan sends its new critical/high findings to a webhook in
 * one message, a receiver that is down does not change the scan's exit code and is reported, a re-scan sends nothing
 * again, and `steward notify test` reports each channel's outcome.
 */
let emulated: EmulatedEstate;
let good: HttpReceiver;
let down: HttpReceiver;
let dir: string;
let cfg: string;
const cli = (...args: string[]) => runCli(['--config', cfg, ...args]);

beforeAll(async () => {
  const estate = await generateEstate({ size: 40, seed: 5, platforms: ['github'], now: new Date().toISOString() });
  emulated = await startEmulatedEstate(estate);
  for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
  good = await startHttpReceiver();
  down = await startHttpReceiver(() => 503);
  process.env.TEST_E2E_KEY = 'e2e-signing-key-000111';
  dir = mkdtempSync(join(tmpdir(), 'steward-notify-'));
  cfg = join(dir, 'steward.yaml');
  writeFileSync(
    cfg,
    stringify({
      store: join(dir, 's.db'),
      tenants: emulated.tenants,
      notifications: [
        {
          name: 'secops',
          channel: 'webhook',
          url: `${good.url}/in`,
          secret: { env: 'TEST_E2E_KEY' },
          on: ['finding-critical', 'finding-high', 'approval-request'],
        },
        {
          name: 'broken',
          channel: 'webhook',
          url: `${down.url}/in`,
          secret: { env: 'TEST_E2E_KEY' },
          on: ['finding-critical'],
          retries: 1,
        },
      ],
    }),
  );
}, 120_000);
afterAll(async () => {
  await Promise.all([emulated?.close(), good?.close(), down?.close()]);
});

describe('notifications from the CLI', () => {
  it('a scan sends its new findings in one message; a receiver that is down is reported and does not fail the scan', async () => {
    const r = await cli('scan');
    expect(r.code).toBe(EXIT.ok);
    const store = await openStore(join(dir, 's.db'), { readOnly: true });
    const open = await store.db
      .selectFrom('findings')
      .select(['id', 'severity'])
      .where('status', '=', 'open')
      .where('severity', 'in', ['critical', 'high'])
      .execute();
    await store.close();
    const critical = open.filter((f) => f.severity === 'critical').length;
    expect(critical).toBeGreaterThan(0);

    expect(good.received).toHaveLength(1);
    const body = JSON.parse((good.received[0] as Received).body) as {
      count: number;
      items: unknown[];
      omitted: number;
    };
    expect(body.count).toBe(open.length);
    expect(body.items.length + body.omitted).toBe(open.length);
    expect(r.stderr).toContain(`notification secops (webhook): sent ${open.length} event(s) in 1 attempt(s)`);
    // The down receiver was tried twice (retries: 1) and the scan still exits 0.
    expect(down.received).toHaveLength(2);
    expect(r.stderr).toContain(
      `notification broken (webhook): NOT delivered (${critical} event(s), 2 attempt(s)): webhook 127.0.0.1:`,
    );
  });

  it('a re-scan sends nothing already sent, and retries what failed', async () => {
    const r = await cli('scan');
    expect(r.code).toBe(EXIT.ok);
    expect(good.received).toHaveLength(1);
    // Only the failed events are offered again: the receiver that got them is not told twice.
    expect(r.stderr).toMatch(/notification secops \(webhook\): nothing new; \d+ sent before/);
    expect(down.received).toHaveLength(4);
    expect(r.stderr).toContain('notification broken (webhook): NOT delivered');
  });

  it('a remediation plan waiting for approval is announced', async () => {
    const before = good.received.length;
    const r = await cli('remediate', 'plan', '--platform', 'github', '--as', 'alice');
    expect(r.code).toBe(EXIT.ok);
    const planId = /next: another person runs `steward remediate approve (\S+) /.exec(r.stdout)?.[1];
    expect(planId).toBeTruthy();
    expect(good.received).toHaveLength(before + 1);
    const body = JSON.parse((good.received.at(-1) as Received).body);
    expect(body.items).toEqual([
      expect.objectContaining({
        kind: 'approval-request',
        subject: planId,
        title: `Remediation plan ${planId} waits for approval`,
      }),
    ]);
    expect(body.items[0].lines[0]).toMatch(/^planned by alice from /);
  });

  it('`notify test` sends one test message per channel and exits 3 when one fails', async () => {
    const r = await cli('notify', 'test');
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toContain('notification secops (webhook): sent 1 event(s) in 1 attempt(s)');
    expect(r.stdout).toContain('notification broken (webhook): NOT delivered');
    const only = await cli('notify', 'test', '--channel', 'secops');
    expect(only.code).toBe(EXIT.ok);
    expect(JSON.parse((good.received.at(-1) as Received).body).title).toBe(
      'Steward test message for notification secops',
    );
    const unknown = await cli('notify', 'test', '--channel', 'nope');
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('--channel nope: no notification has this name (configured: secops, broken)');
  });

  it('`events import` sends the detections it stored, once', async () => {
    const ACCOUNT = '111122223333';
    const USER_ID = 'AIDAJDPLRKLG7UEXAMPLE';
    const KEY = 'AKIAIOSFODNN7EXAMPLE';
    const storeFile = join(dir, 'events.db');
    const seeded = await openStore(storeFile);
    const common = { platform: 'aws', tenant: 'prod', attributes: '{}', sync_run_id: 'r1', scope: '' };
    await seeded.db
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
        last_used_at: '2024-01-01T00:00:00Z',
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
    await seeded.close();
    // Hand-written CloudTrail records (record-contents reference): a dormant key used again, creating another's key.
    const record = (id: string, time: string, name: string, extra: Record<string, unknown> = {}) => ({
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
    });
    const log = join(dir, 'trail.json');
    writeFileSync(
      log,
      JSON.stringify({
        Records: [
          record('e1', '2024-06-01T10:00:00Z', 'ListUsers'),
          record('e2', '2024-06-01T10:05:00Z', 'CreateAccessKey', { requestParameters: { userName: 'alice' } }),
        ],
      }),
    );
    const eventsCfg = join(dir, 'events.yaml');
    writeFileSync(
      eventsCfg,
      stringify({
        store: storeFile,
        // The log is from 2024: keep it (the default retention is a year of wall-clock time).
        monitoring: { retention: 36_500 },
        notifications: [
          {
            name: 'soc',
            channel: 'webhook',
            url: `${good.url}/soc`,
            secret: { env: 'TEST_E2E_KEY' },
            on: ['detection'],
          },
        ],
      }),
    );
    const before = good.received.length;
    const run = () => runCli(['--config', eventsCfg, 'events', 'import', log, '--format', 'cloudtrail', '--no-enrich']);
    const first = await run();
    expect(first.code).toBe(EXIT.ok);
    expect(good.received).toHaveLength(before + 1);
    const body = JSON.parse((good.received.at(-1) as Received).body) as {
      count: number;
      items: Array<{ kind: string }>;
    };
    expect(body.count).toBe(2);
    expect(body.items.map((i) => i.kind)).toEqual(['detection', 'detection']);
    expect(first.stderr).toContain('notification soc (webhook): sent 2 event(s) in 1 attempt(s)');
    const second = await run();
    expect(second.code).toBe(EXIT.ok);
    expect(good.received).toHaveLength(before + 1);
  });
});
