import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownershipStep } from '../../../analysis/ownership/step.js';
import { StewardConfig } from '../../../config/schema.js';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { type Estate, generateEstate } from '../../../emulation/estate/index.js';
import { fixedClock } from '../../../lib/clock.js';
import { silentLogger } from '../../../lib/logger.js';
import type { Severity } from '../../../model/index.js';
import { type CollectJob, collectActivity, type StreamResult } from '../../../monitoring/collect.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents } from '../../../monitoring/events-store.js';
import { collectExitCode, collectOptions } from '../../../surfaces/cli/commands/events-collect.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import type { Store } from '../../../store/index.js';
import { ANALYSIS_CATALOGUE } from '../../registry.js';
import { scanEmulatedEstate } from '../../../testing/emulated-scan.js';
import { openTestStore } from '../../../testing/store.js';
import { type AwsEmulator, startAwsEmulator } from '../emulator/index.js';
import { emulation } from '../emulation.js';
import { cloudTrailCollector } from './collector.js';
import type { AwsEstateData } from '../estate/types.js';

/**
 * `steward events collect` against the AWS emulator serving the demo estate's planted CloudTrail records through
 * LookupEvents (newest first, 50 a page): the detections must be exactly those the estate's generator planted (the
 * same agreement `events import` of the same records is held to), a second collect adds nothing, a record delivered
 * late inside the overlap window is found by the next collect, and a refusal keeps the cursor and loses nothing.
 */
const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
const key = (d: { ruleId: string; identityId: string | null; severity: string }) =>
  `${d.ruleId} ${d.severity} ${d.identityId}`;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
type Rec = Record<string, unknown>;

describe('CloudTrail LookupEvents collector (emulated estate, planted activity)', () => {
  let estate: Estate;
  let store: Store;
  let aws: AwsEmulator;
  let planted: PlantedActivity;
  let records: Rec[];
  let jobs: CollectJob[];
  let first: StreamResult[];
  const now = () => new Date(estate.now);
  const collect = () =>
    collectActivity(jobs, { ...collectOptions(store, now, {}), settings: { minRequestIntervalMs: 0 } });
  const storedIds = async () => {
    const ids = new Set<string>();
    for await (const e of readEvents(store)) ids.add(e.id);
    return ids;
  };

  beforeAll(async () => {
    estate = await generateEstate({ seed: 11, size: 120, platforms: ['aws'], now: '2026-11-01T00:00:00Z' });
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    await ownershipStep.run({
      store,
      config: StewardConfig.parse({}),
      clock: fixedClock(estate.now),
      log: silentLogger,
      catalogue: ANALYSIS_CATALOGUE,
    });
    const data = estate.platforms.aws as AwsEstateData;
    const labels = estate.labels.identities.filter((l) => l.platform === 'aws');
    planted = [emulation.activity?.(data, labels, now()) ?? []].flat()[0]!;
    records = (JSON.parse(planted.text) as { Records: Rec[] }).Records;
    aws = await startAwsEmulator(data, { cloudTrail: [...records] });
    jobs = aws.credentials.map((c, i) => {
      process.env[`STEWARD_TEST_CT_SECRET_${i}`] = c.secretAccessKey;
      return {
        platform: 'aws',
        tenant: c.accountId,
        options: {
          endpoint: aws.emulator.url,
          accessKeyId: c.accessKeyId,
          secretAccessKey: { env: `STEWARD_TEST_CT_SECRET_${i}` },
          maxAttempts: 2,
        },
      };
    });
    first = await collect();
  }, 120_000);
  afterAll(async () => {
    await aws?.emulator.close();
    await store?.close();
  });

  it('reads every planted record through LookupEvents, none quarantined, every actor resolved', () => {
    expect(first.every((r) => r.status === 'collected')).toBe(true);
    const sum = (f: (r: StreamResult) => number) => first.reduce((a, r) => a + f(r), 0);
    expect(sum((r) => r.summary!.stored)).toBe(records.length);
    expect(sum((r) => r.summary!.quarantined)).toBe(0);
    expect(sum((r) => r.summary!.actors.unresolved)).toBe(0);
    // More than one page per account that has activity: NextToken paging was walked.
    expect(records.length).toBeGreaterThan(50);
  });

  it('raises exactly the planted detections, on the planted identities, at the planted severity', async () => {
    const got = (await listDetections(store)).filter((d) => d.platform === 'aws').map(key);
    expect(planted.expected.length).toBeGreaterThan(0);
    expect(got.sort()).toEqual(planted.expected.map(key).sort());
    for (const b of planted.benign)
      for (const d of (await listDetections(store)).filter((x) => x.identityId === b.identityId))
        expect(RANK[d.severity], b.scenario).toBeLessThanOrEqual(RANK[b.maxSeverity]);
  });

  it('hands the records over oldest first (LookupEvents answers newest first), every page of the window', async () => {
    const job = jobs.find((j) => records.some((r) => r.recipientAccountId === j.tenant))!;
    const [stream] = cloudTrailCollector.streams(job.tenant, job.options, { minRequestIntervalMs: 0 });
    const t0 = now().getTime();
    const times: number[] = [];
    for await (const batch of stream!.read({ start: t0 - 30 * DAY, end: t0 }))
      for (const text of batch.records) times.push(Date.parse(String((JSON.parse(text) as Rec).eventTime)));
    expect(times.length).toBe(records.filter((r) => r.recipientAccountId === job.tenant).length);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('moves each cursor to its newest record; a second collect re-reads only the overlap and stores nothing', async () => {
    const newest = (account: string) =>
      Math.max(...records.filter((r) => r.recipientAccountId === account).map((r) => Date.parse(String(r.eventTime))));
    for (const r of first.filter((x) => x.cursorAfter)) expect(Date.parse(r.cursorAfter!)).toBe(newest(r.tenant));
    const again = await collect();
    for (const r of again) {
      const before = first.find((x) => x.tenant === r.tenant)!;
      expect(r.status).toBe('collected');
      expect(r.summary!.stored).toBe(0);
      expect(r.cursorAfter).toBe(before.cursorAfter);
      if (!before.cursorAfter) continue;
      const cursor = Date.parse(before.cursorAfter);
      const inOverlap = records.filter(
        (x) => x.recipientAccountId === r.tenant && Date.parse(String(x.eventTime)) >= cursor - 15 * MINUTE,
      );
      expect(r.summary!.duplicates).toBe(inOverlap.length);
    }
  });

  it('finds a record delivered late inside the overlap window; one older than the window is not asked for', async () => {
    const target = first.find((r) => r.cursorAfter)!;
    const cursor = Date.parse(target.cursorAfter!);
    const template = records.find((r) => r.recipientAccountId === target.tenant)!;
    const late = lateCopy(template, 'late-inside', cursor - 5 * MINUTE);
    const tooLate = lateCopy(template, 'late-outside', cursor - 30 * MINUTE);
    aws.control.cloudTrail!.push(late, tooLate);
    const next = await collect();
    expect(next.find((r) => r.tenant === target.tenant)!.summary!.stored).toBe(1);
    const ids = await storedIds();
    expect(ids.has(String(late.eventID))).toBe(true);
    expect(ids.has(String(tooLate.eventID))).toBe(false);
  });

  it('a refusal leaves the cursor, names tenant, endpoint and permission, and the next collect loses nothing', async () => {
    const target = first.find((r) => r.cursorAfter)!;
    const template = records.find((r) => r.recipientAccountId === target.tenant)!;
    const fresh = lateCopy(template, 'after-refusal', Date.parse(target.cursorAfter!) + MINUTE);
    aws.control.cloudTrail!.push(fresh);
    aws.control.denied.push({ action: 'cloudtrail:LookupEvents' });
    const before = (await storedIds()).size;
    const refused = await collect();
    const r = refused.find((x) => x.tenant === target.tenant)!;
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/not authorized to perform: cloudtrail:LookupEvents/);
    expect([r.endpoint, r.permission]).toEqual(['cloudtrail:LookupEvents (us-east-1)', 'cloudtrail:LookupEvents']);
    expect(r.cursorAfter).toBe(r.cursorBefore);
    expect(collectExitCode(refused)).toBe(EXIT.failed);
    expect((await storedIds()).size).toBe(before);
    aws.control.denied.length = 0;
    const after = await collect();
    expect(after.find((x) => x.tenant === target.tenant)!.summary!.stored).toBe(1);
    expect((await storedIds()).has(String(fresh.eventID))).toBe(true);
  });
});

/** A copy of a planted record with its own event id, at `at` (a record CloudTrail delivered after the last collect). */
function lateCopy(template: Rec, tag: string, at: number): Rec {
  return {
    ...template,
    eventID: `00000000-0000-4000-a000-${tag.padEnd(12, '0').slice(0, 12)}`,
    eventTime: `${new Date(at).toISOString().slice(0, 19)}Z`,
  };
}
