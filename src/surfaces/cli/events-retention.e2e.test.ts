import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../testing/cli.js';
import { EXIT } from './context.js';

// A CloudTrail file (record shape of the CloudTrail record-contents reference) with one event past a year and two
// recent ones; times are relative to the wall clock the CLI runs on.
const DAY = 86_400_000;
const record = (id: string, daysAgo: number) => ({
  eventVersion: '1.09',
  eventID: id,
  eventTime: new Date(Date.now() - daysAgo * DAY).toISOString().replace(/\.\d+Z$/, 'Z'),
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAJDPLRKLG7UEXAMPLE', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
});

describe('steward events: retention', () => {
  it('imports only what the retention keeps, and `events prune` drops what ages out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-retention-'));
    const log = join(dir, 'trail.json');
    writeFileSync(log, JSON.stringify({ Records: [record('old', 400), record('week', 7), record('day', 1)] }));
    const cfg = join(dir, 'steward.yaml');
    writeFileSync(cfg, stringify({ store: join(dir, 'steward.db') }));
    const imported = await runCli([
      '--config',
      cfg,
      'events',
      'import',
      log,
      '--format',
      'cloudtrail',
      '--no-enrich',
      '--json',
    ]);
    expect(imported.code).toBe(EXIT.ok);
    expect(JSON.parse(imported.stdout)).toMatchObject({ events: 3, expired: 1, stored: 2, pruned: { events: 0 } });
    const text = await runCli(['--config', cfg, 'events', 'import', log, '--format', 'cloudtrail', '--no-enrich']);
    expect(text.stdout).toContain('retention: 1 events older than the retention were not imported');
    // The two recent events share a batch: at 3 days it straddles the cutoff and stays whole; at 1 day it goes.
    const kept = await runCli(['--config', cfg, 'events', 'prune', '--days', '3', '--json']);
    expect(JSON.parse(kept.stdout)).toMatchObject({ events: 0, batches: 0, keys: 0 });
    const pruned = await runCli(['--config', cfg, 'events', 'prune', '--days', '1', '--json']);
    expect(pruned.code).toBe(EXIT.ok);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ events: 2, batches: 1, keys: 2 });
    const bad = await runCli(['--config', cfg, 'events', 'prune', '--days', '0']);
    expect(bad.code).toBe(EXIT.usage);
  });
});
