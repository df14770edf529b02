import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonCredentialFacts } from '../../model/facts.js';
import { PLATFORMS } from '../../platforms/registry.js';

/** A platform whose facts declare credential attributes must show credentials (Slack's API lists none). */
const declaresCredentials = (facts: (typeof PLATFORMS)[number]['connector']['facts']) =>
  Object.values(facts).some(
    (f) =>
      f.credential instanceof z.ZodObject &&
      Object.keys(f.credential.shape).length > Object.keys(commonCredentialFacts).length,
  );

const run = promisify(execFile);
const bin = resolve('bin/steward.js');

/** The README's main job, as a user runs it: a subprocess on the built-in emulated estate. */
describe('steward demo (subprocess)', () => {
  it('scans every emulated platform, then inventory shows identities with credentials and permissions', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'steward-demo-')), 'demo.db');
    const demo = await run('node', [bin, 'demo', '--size', '250', '--store', store], {
      env: { ...process.env, STEWARD_FROM_SOURCE: '1' },
    });
    expect(demo.stdout).toMatch(/github:acme-corp — succeeded/);
    expect(demo.stdout).toMatch(/entra:[^ ]+ — succeeded/);
    expect(demo.stdout.match(/aws:\d{12} — succeeded/g)).toHaveLength(2);
    expect(demo.stdout).toMatch(/ownership: \d+ of \d+ identities have an owner/);
    expect(demo.stdout).toMatch(/risk: \d+ rules over \d+ identities/);
    // The planted activity, imported after the scan: a detections section with events under each detection.
    expect(demo.stdout).toMatch(/Detections from the planted activity/);
    expect(demo.stdout).toMatch(
      /aws: \S+CloudTrail\S+: \d+ events, \d+ actors resolved to inventory NHIs, [1-9]\d* detections/,
    );
    expect(demo.stdout).toMatch(/^ {2}high {3}activity-\S+: .+\n {9}\d{4}-\d\d-\d\dT\S+ \S+.* \[[0-9a-f-]{36}\]$/m);
    // Progress only on stderr: no warning (e.g. a fan-out's abort listeners tripping Node's leak warning).
    expect(demo.stderr).not.toMatch(/Warning|Error/);

    for (const { id: platform, connector } of PLATFORMS) {
      const inv = await run('node', [bin, '--store', store, 'inventory', '--platform', platform, '--format', 'json']);
      const rows = JSON.parse(inv.stdout) as Array<{
        platform: string;
        credentials: unknown[];
        permissions: unknown[];
      }>;
      expect(rows.length, platform).toBeGreaterThan(10);
      expect(rows.every((r) => r.platform === platform)).toBe(true);
      if (declaresCredentials(connector.facts))
        expect(
          rows.some((r) => r.credentials.length > 0),
          `${platform} credentials`,
        ).toBe(true);
      expect(
        rows.some((r) => r.permissions.length > 0),
        `${platform} permissions`,
      ).toBe(true);
    }
    const detections = JSON.parse(
      (await run('node', [bin, '--store', store, 'detections', '--format', 'json'])).stdout,
    ) as Array<{ severity: string; identityId: string | null; eventIds: string[] }>;
    // Every demo detection is on an inventory NHI and carries its events; the demo printed the most severe ones.
    expect(detections.length).toBeGreaterThanOrEqual(5);
    expect(detections.every((d) => d.identityId !== null && d.eventIds.length > 0)).toBe(true);
    for (const d of detections.filter((x) => x.severity === 'high').slice(0, 3))
      expect(demo.stdout).toContain(`[${d.eventIds[0]}]`);
    const runs = JSON.parse((await run('node', [bin, '--store', store, 'runs', '--format', 'json'])).stdout) as Array<{
      platform: string;
      status: string;
      apiCalls: number;
    }>;
    // One run per emulated tenant the demo printed, and every registered platform among them.
    expect(runs).toHaveLength(demo.stdout.match(/ — succeeded/g)?.length ?? 0);
    expect(new Set(runs.map((r) => r.platform))).toEqual(new Set(PLATFORMS.map((p) => p.id)));
    expect(runs.every((r) => r.status === 'succeeded' && r.apiCalls > 0)).toBe(true);
  }, 180_000);
});
