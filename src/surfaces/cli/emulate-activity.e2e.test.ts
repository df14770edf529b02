import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PlantedActivity } from '../../emulation/estate/activity.js';
import { generateEstate } from '../../emulation/estate/index.js';
import { loadEmulations } from '../../platforms/registry.js';
import { runCli } from '../../testing/cli.js';
import { EXIT } from './context.js';

/**
 * `steward emulate` serves the estate's planted activity: a scan of the emulated org, then `steward events collect`
 * from its audit-log endpoint, raise exactly the detections the platform's generator planted (computed here from the
 * same estate, never from the monitoring code) — and `--no-activity` serves none of it.
 */
const DAY = 86_400_000;
const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'steward.js');
// Yesterday noon UTC: every planted entry is in the past and inside the audit log's 180 days, whatever the hour.
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY - DAY / 2).toISOString();
const ESTATE = { seed: 11, size: 120 };

interface Ready {
  tenants: unknown[];
  env: Record<string, string>;
}

/** `steward emulate` in its own process (as bench and users run it), up to its ready line. */
async function emulate(platforms: string, extra: string[] = []): Promise<{ child: ChildProcess; ready: Ready }> {
  const args = ['emulate', '--platforms', platforms, '--size', String(ESTATE.size), '--seed', String(ESTATE.seed)];
  const child = spawn(process.execPath, [BIN, ...args, '--now', NOW, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STEWARD_FROM_SOURCE: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const ready = await new Promise<Ready>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`steward emulate exited with ${code}\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"ready":true')) done(JSON.parse(line) as Ready);
    });
  });
  return { child, ready };
}

const key = (d: { ruleId: string; identityId: string | null; severity: string }) =>
  `${d.ruleId} ${d.severity} ${d.identityId}`;

describe('steward emulate serves the planted GitHub audit log and Salesforce log files to steward events collect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-emulate-activity-'));
  const children: ChildProcess[] = [];
  let planted: PlantedActivity[];

  /** A store of its own, scanned, then collected from; the detections it holds. */
  async function scanAndCollect(name: string, ready: Ready) {
    Object.assign(process.env, ready.env);
    const config = join(dir, `${name}.yaml`);
    writeFileSync(config, stringify({ store: join(dir, `${name}.db`), tenants: ready.tenants }));
    const scan = await runCli(['--config', config, 'scan']);
    expect(scan.code, scan.stderr).toBe(EXIT.ok);
    const collect = await runCli(['--config', config, 'events', 'collect', '--json']);
    expect(collect.code, collect.stderr).toBe(EXIT.ok);
    const listed = await runCli(['--config', config, 'detections', '--json']);
    expect(listed.code, listed.stderr).toBe(EXIT.ok);
    return {
      streams: JSON.parse(collect.stdout) as Array<{
        status: string;
        summary: { stored: number; quarantined: number };
      }>,
      detections: JSON.parse(listed.stdout) as Array<{ ruleId: string; identityId: string | null; severity: string }>,
    };
  }

  beforeAll(async () => {
    // The estate `steward emulate` generates for the same seed, size, platforms and now; its generators' logs.
    const estate = await generateEstate({ ...ESTATE, platforms: ['github', 'salesforce'], now: NOW });
    planted = (await loadEmulations(['github', 'salesforce'])).flatMap((e) => {
      const id = e.platform.id;
      const labels = estate.labels.identities.filter((l) => l.platform === id);
      return [e.activity?.(estate.platforms[id], labels, new Date(estate.now)) ?? []].flat();
    });
  }, 60_000);
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects every planted entry and raises exactly the planted detections', async () => {
    const { child, ready } = await emulate('github,salesforce');
    children.push(child);
    const { streams, detections } = await scanAndCollect('planted', ready);
    expect(streams.map((s) => s.status)).toEqual(['collected', 'collected']);
    const records = (format: string) => planted.filter((p) => p.format === format).reduce((n, p) => n + p.records, 0);
    const [github, salesforce] = streams;
    // GitHub: the planted entries, and the org's own creation events the emulator derives from the estate besides.
    expect(github.summary.stored).toBeGreaterThanOrEqual(records('github-audit'));
    expect(salesforce.summary.stored).toBe(records('salesforce-elf'));
    expect(streams.map((s) => s.summary.quarantined)).toEqual([0, 0]);
    const expected = planted.flatMap((p) => p.expected);
    expect([...new Set(expected.map((e) => e.identityId.split(':')[0]))].sort()).toEqual(['github', 'salesforce']);
    expect(detections.map(key).sort()).toEqual(expected.map(key).sort());
  }, 180_000);

  it('serves none of it with --no-activity', async () => {
    const { child, ready } = await emulate('github', ['--no-activity']);
    children.push(child);
    const { streams, detections } = await scanAndCollect('quiet', ready);
    expect(streams.map((s) => s.status)).toEqual(['collected']);
    expect(streams[0].summary.stored).toBeLessThan(planted[0].records);
    expect(detections).toEqual([]);
  }, 180_000);
});
