import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PlantedActivity } from '../../emulation/estate/activity.js';
import { generateEstate } from '../../emulation/estate/index.js';
import type { PlatformId, Severity } from '../../model/index.js';
import { loadEmulations } from '../../platforms/registry.js';
import { runCli } from '../../testing/cli.js';
import { EXIT } from './context.js';

/**
 * `steward emulate` serves the estate's planted activity: a scan of the emulated org, then `steward events collect`
 * from its audit-log endpoints, raise exactly the detections the platform's generator planted (computed here from
 * the same estate, never from the monitoring code) — and `--no-activity` serves none of it. Okta, Google and Entra
 * serve the planted records among the logs they derive from the estate (which their scans read, and which raise
 * nothing of their own): with planted activity, each stream stores exactly the planted records more.
 */
const DAY = 86_400_000;
const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'steward.js');
// Yesterday noon UTC: every planted entry is in the past and inside each collector's first read, whatever the hour.
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY - DAY / 2).toISOString();
const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

interface Ready {
  tenants: unknown[];
  env: Record<string, string>;
}

interface Estate {
  size: number;
  seed: number;
}

/** `steward emulate` in its own process (as bench and users run it), up to its ready line. */
async function emulate(
  estate: Estate,
  platforms: readonly PlatformId[],
  extra: string[] = [],
): Promise<{ child: ChildProcess; ready: Ready }> {
  const args = ['emulate', '--platforms', platforms.join(','), '--size', String(estate.size)];
  const child = spawn(process.execPath, [BIN, ...args, '--seed', String(estate.seed), '--now', NOW, ...extra], {
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

/** The planted logs of the estate `steward emulate` generates for the same seed, size, platforms and now. */
async function plantedLogs(estate: Estate, platforms: readonly PlatformId[]): Promise<Planted[]> {
  const generated = await generateEstate({ ...estate, platforms: [...platforms], now: NOW });
  return (await loadEmulations([...platforms])).flatMap((e) => {
    const id = e.platform.id;
    const labels = generated.labels.identities.filter((l) => l.platform === id);
    const logs = [e.activity?.(generated.platforms[id], labels, new Date(generated.now)) ?? []].flat();
    return logs.map((log) => ({ ...log, platform: id }));
  });
}

type Planted = PlantedActivity & { platform: PlatformId };

const key = (d: { ruleId: string; identityId: string | null; severity: string }) =>
  `${d.ruleId} ${d.severity} ${d.identityId}`;

type Stream = { platform: string; status: string; summary: { stored: number; quarantined: number } };
type Detection = { ruleId: string; identityId: string | null; severity: Severity; message: string };

/** A store of its own, scanned, then collected from; its streams and the detections it holds. */
async function scanAndCollect(dir: string, name: string, ready: Ready) {
  Object.assign(process.env, ready.env);
  const config = join(dir, `${name}.yaml`);
  writeFileSync(config, stringify({ store: join(dir, `${name}.db`), tenants: ready.tenants }));
  const scan = await runCli(['--config', config, 'scan']);
  expect(scan.code, scan.stderr).toBe(EXIT.ok);
  const collect = await runCli(['--config', config, 'events', 'collect', '--json']);
  expect(collect.code, collect.stderr).toBe(EXIT.ok);
  const listed = await runCli(['--config', config, 'detections', '--json']);
  expect(listed.code, listed.stderr).toBe(EXIT.ok);
  return { streams: JSON.parse(collect.stdout) as Stream[], detections: JSON.parse(listed.stdout) as Detection[] };
}

/** Events stored per platform, over its streams. */
function storedBy(streams: readonly Stream[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of streams) out[s.platform] = (out[s.platform] ?? 0) + (s.summary?.stored ?? 0);
  return out;
}

describe('steward emulate serves the planted GitHub audit log and Salesforce log files to steward events collect', () => {
  const ESTATE = { seed: 11, size: 120 };
  const dir = mkdtempSync(join(tmpdir(), 'steward-emulate-activity-'));
  const children: ChildProcess[] = [];
  let planted: Planted[];

  beforeAll(async () => {
    planted = await plantedLogs(ESTATE, ['github', 'salesforce']);
  }, 60_000);
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects every planted entry and raises exactly the planted detections', async () => {
    const { child, ready } = await emulate(ESTATE, ['github', 'salesforce']);
    children.push(child);
    const { streams, detections } = await scanAndCollect(dir, 'planted', ready);
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
    const { child, ready } = await emulate(ESTATE, ['github'], ['--no-activity']);
    children.push(child);
    const { streams, detections } = await scanAndCollect(dir, 'quiet', ready);
    expect(streams.map((s) => s.status)).toEqual(['collected']);
    expect(streams[0].summary.stored).toBeLessThan(planted[0].records);
    expect(detections).toEqual([]);
  }, 180_000);
});

/**
 * The identity providers and Workspace, whose scans read last use from these very logs (Okta, Google) or from
 * reports derived from the same sign-ins (Entra). An estate where every scenario of the three catalogues is planted.
 */
describe('steward emulate serves the planted Okta System Log, Google Reports and Entra audit logs among their own', () => {
  const ESTATE = { seed: 11, size: 250 };
  const PLATFORMS: PlatformId[] = ['okta', 'google', 'entra'];
  const dir = mkdtempSync(join(tmpdir(), 'steward-emulate-idp-activity-'));
  const children: ChildProcess[] = [];
  let planted: Planted[];
  let quiet: Awaited<ReturnType<typeof scanAndCollect>>;

  beforeAll(async () => {
    planted = await plantedLogs(ESTATE, PLATFORMS);
    const { child, ready } = await emulate(ESTATE, PLATFORMS, ['--no-activity']);
    children.push(child);
    quiet = await scanAndCollect(dir, 'quiet', ready);
  }, 180_000);
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('plants every scenario of the three catalogues', () => {
    const rules = planted.flatMap((p) => p.expected.map((e) => `${e.identityId.split(':')[0]} ${e.ruleId}`));
    expect([...new Set(rules)].sort()).toEqual([
      'entra activity-credential-by-non-owner',
      'entra activity-dormant-then-active',
      'entra activity-new-origin',
      'entra activity-sensitive-operation',
      'google activity-dormant-then-active',
      'google activity-new-origin',
      'google activity-sensitive-operation',
      'okta activity-dormant-then-active',
      'okta activity-new-origin',
      'okta activity-sensitive-operation',
    ]);
  });

  it('with --no-activity, collects the logs the emulators derive from the estate and raises nothing', () => {
    expect(quiet.streams.every((s) => s.status === 'collected')).toBe(true);
    expect(quiet.streams.every((s) => s.summary.quarantined === 0)).toBe(true);
    expect(quiet.detections).toEqual([]);
  });

  it('collects every planted record besides the estate-derived ones and raises exactly the planted detections', async () => {
    const { child, ready } = await emulate(ESTATE, PLATFORMS);
    children.push(child);
    const { streams, detections } = await scanAndCollect(dir, 'planted', ready);
    expect(streams.every((s) => s.status === 'collected' && s.summary.quarantined === 0)).toBe(true);
    // Each platform stores exactly its planted records more than without them: none lost, none read twice.
    const more = Object.fromEntries(
      Object.entries(storedBy(streams)).map(([p, n]) => [p, n - (storedBy(quiet.streams)[p] ?? 0)]),
    );
    const records: Record<string, number> = {};
    for (const p of planted) records[p.platform] = (records[p.platform] ?? 0) + p.records;
    expect(more).toEqual(records);
    expect(detections.map(key).sort()).toEqual(
      planted
        .flatMap((p) => p.expected)
        .map(key)
        .sort(),
    );
    for (const b of planted.flatMap((p) => p.benign))
      for (const d of detections.filter((x) => x.identityId === b.identityId))
        expect(RANK[d.severity], `${b.scenario}: ${d.message}`).toBeLessThanOrEqual(RANK[b.maxSeverity]);
  }, 240_000);
});
