import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { runCli } from '../../../testing/cli.js';
import { type AwsEmulator, startAwsEmulator } from '../emulator/index.js';
import type { AwsEstateData } from '../estate/types.js';

// CloudTrail records (record-contents reference shape), times relative to the wall clock the CLI runs on: one past
// LookupEvents' 90 days (never asked for), two recent.
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const record = (id: string, ago: number, account: string) => ({
  eventVersion: '1.09',
  eventID: `0000000${id}-0000-4000-a000-000000000000`,
  eventTime: new Date(Date.now() - ago).toISOString().replace(/\.\d+Z$/, 'Z'),
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  eventType: 'AwsApiCall',
  readOnly: true,
  recipientAccountId: account,
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAJDPLRKLG7UEXAMPLE', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
});

describe('steward events collect (AWS emulator)', () => {
  let aws: AwsEmulator;
  let cfg: string;
  let account: string;

  beforeAll(async () => {
    const estate = await generateEstate({ seed: 3, size: 10, platforms: ['aws'] });
    const data = estate.platforms.aws as AwsEstateData;
    account = data.accounts[0]!.accountId;
    aws = await startAwsEmulator(data, {
      cloudTrail: [record('1', 100 * DAY, account), record('2', DAY, account), record('3', 10 * MINUTE, account)],
    });
    const c = aws.credentials[0]!;
    process.env.STEWARD_TEST_COLLECT_SECRET = c.secretAccessKey;
    const dir = mkdtempSync(join(tmpdir(), 'steward-collect-'));
    cfg = join(dir, 'steward.yaml');
    const options = {
      endpoint: aws.emulator.url,
      accessKeyId: c.accessKeyId,
      secretAccessKey: { env: 'STEWARD_TEST_COLLECT_SECRET' },
      maxAttempts: 2,
    };
    writeFileSync(
      cfg,
      stringify({ store: join(dir, 'steward.db'), tenants: [{ platform: 'aws', tenant: account, options }] }),
    );
  }, 60_000);
  afterAll(async () => aws?.emulator.close());

  it('collects from the cursor, adds nothing the second time, and reports a refusal with exit 3', async () => {
    const first = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich', '--json']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const [stream] = JSON.parse(first.stdout) as Array<{ status: string; summary: { stored: number } }>;
    expect(stream).toMatchObject({ status: 'collected', summary: { stored: 2, quarantined: 0 } });

    const second = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/1 records read, 1 events parsed, 0 quarantined, 1 duplicates, 0 stored/);

    aws.control.denied.push({ action: 'cloudtrail:LookupEvents' });
    const refused = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stdout).toContain(`aws:${account} cloudtrail:LookupEvents (us-east-1)`);
    expect(refused.stdout).toMatch(/FAILED, unknown .*cursor stays at \S+Z\).*needs cloudtrail:LookupEvents/);
  });
});
