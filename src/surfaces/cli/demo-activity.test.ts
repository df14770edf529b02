import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Estate, generateEstate } from '../../emulation/estate/index.js';
import type { Severity } from '../../model/index.js';
import { listDetections } from '../../monitoring/detections-store.js';
import type { Store } from '../../store/index.js';
import { ownershipStep } from '../../analysis/ownership/step.js';
import { StewardConfig } from '../../config/schema.js';
import { fixedClock } from '../../lib/clock.js';
import { silentLogger } from '../../lib/logger.js';
import { ANALYSIS_CATALOGUE } from '../../platforms/registry.js';
import { scanEmulatedEstate } from '../../testing/emulated-scan.js';
import { openTestStore } from '../../testing/store.js';
import { detectionsSection, importPlantedActivity, type PlantedImport } from './commands/demo-activity.js';

/**
 * The demo estate's planted activity against the detections: each platform's generator writes its log in the
 * vendor's format and, from its own catalogue, the detections it planted. After a scan of the same estate and the
 * import (the demo's path, which is `steward events import`'s), the detections must be exactly those — no miss, no
 * extra — and no planted benign novelty may be raised above its ceiling. Accepted differences: none.
 */
const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
const key = (d: { ruleId: string; identityId: string | null; severity: string }) =>
  `${d.ruleId} ${d.severity} ${d.identityId}`;

describe.each([
  { seed: 7, size: 300 },
  { seed: 11, size: 120 },
])('planted activity of the demo estate (seed $seed, size $size)', ({ seed, size }) => {
  let estate: Estate;
  let store: Store;
  let imports: PlantedImport[];

  beforeAll(async () => {
    estate = await generateEstate({ seed, size, platforms: ['aws', 'entra'], now: '2026-11-01T00:00:00Z' });
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    // The demo's scan decides owners too (credentials added by non-owners are judged against them).
    await ownershipStep.run({
      store,
      config: StewardConfig.parse({}),
      clock: fixedClock(estate.now),
      log: silentLogger,
      catalogue: ANALYSIS_CATALOGUE,
    });
    imports = await importPlantedActivity(store, estate, () => new Date(estate.now));
  }, 120_000);
  afterAll(async () => store?.close());

  it('plants attack sequences and benign novelty on every platform with activity', () => {
    expect(imports.map((i) => `${i.platform} ${i.format}`).sort()).toEqual([
      'aws cloudtrail',
      'entra graph-audits',
      'entra graph-signins',
    ]);
    const rules = new Set(imports.flatMap((i) => i.expected.map((e) => e.ruleId)));
    // Every detection kind the catalogues plant, so a detection that stops firing fails here.
    expect([...rules].sort()).toEqual([
      'activity-anti-forensics',
      'activity-credential-by-non-owner',
      'activity-dormant-then-active',
      'activity-interactive-use',
      'activity-new-origin',
      'activity-sensitive-operation',
      'activity-volume-spike',
    ]);
    expect(imports.every((i) => i.benign.length > 0)).toBe(true);
  });

  it('reads every record, none quarantined, every actor resolved to an inventory NHI or a person', () => {
    for (const { summary, format } of imports) {
      expect(summary.quarantined, format).toBe(0);
      expect(summary.stored, format).toBe(summary.events);
      expect(summary.actors.unresolved, format).toBe(0);
      // The audits' actors: the owner, a stranger (people) and one application; every target is an inventory NHI.
      if (format === 'graph-audits') {
        expect([summary.actors.resolved, summary.actors.people], format).toEqual([1, 2]);
        expect(summary.actors.resolvedTargetEvents, format).toBe(summary.events);
      } else expect(summary.actors.resolved, format).toBeGreaterThanOrEqual(3);
    }
  });

  it('raises exactly the planted detections, on the planted identities, at the planted severity', async () => {
    const detections = await listDetections(store);
    for (const platform of new Set(imports.map((i) => i.platform))) {
      const expected = imports.filter((i) => i.platform === platform).flatMap((i) => i.expected);
      const got = detections.filter((d) => d.platform === platform).map(key);
      expect(got.sort(), platform).toEqual(expected.map(key).sort());
    }
  });

  it('never raises a planted benign novelty above its ceiling', async () => {
    const detections = await listDetections(store);
    const benign = imports.flatMap((i) => i.benign);
    for (const b of benign) {
      const raised = detections.filter((d) => d.identityId === b.identityId);
      for (const d of raised)
        expect(RANK[d.severity], `${b.scenario}: ${d.message}`).toBeLessThanOrEqual(RANK[b.maxSeverity]);
    }
  });

  it('prints the detections with their events for the demo', async () => {
    const text = await detectionsSection(store, imports);
    expect(text).toMatch(/^ {2}high {3}activity-\S+: .+\n {9}\d{4}-\d\d-\d\dT\S+ \S+/m);
    expect(text).toMatch(/aws: \S+CloudTrail\S+: \d+ events, \d+ actors resolved to inventory NHIs, \d+ detections/);
  });
});

/**
 * The same agreement for the identity providers' and Workspace's logs (Okta System Log, Google Reports activities),
 * on estates of those platforms alone: every planted sequence detected on its identity at its severity, nothing
 * else raised, no benign novelty above its ceiling.
 */
describe.each([
  { seed: 7, size: 400 },
  { seed: 11, size: 250 },
])('planted Okta and Google activity of the demo estate (seed $seed, size $size)', ({ seed, size }) => {
  let store: Store;
  let imports: PlantedImport[];

  beforeAll(async () => {
    const estate = await generateEstate({ seed, size, platforms: ['okta', 'google'], now: '2026-11-01T00:00:00Z' });
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    imports = await importPlantedActivity(store, estate, () => new Date(estate.now));
  }, 120_000);
  afterAll(async () => store?.close());

  it('plants every scenario of both catalogues, each log read in full and its actors resolved', () => {
    expect(imports.map((i) => `${i.platform} ${i.format}`).sort()).toEqual(['google google-reports', 'okta okta']);
    const planted = imports.flatMap((i) => i.expected.map((e) => `${i.platform} ${e.ruleId} ${e.severity}`));
    expect(planted.sort()).toEqual([
      'google activity-dormant-then-active high',
      'google activity-new-origin high',
      'google activity-sensitive-operation medium',
      'okta activity-dormant-then-active high',
      'okta activity-new-origin high',
      'okta activity-sensitive-operation medium',
    ]);
    for (const { summary, format, benign } of imports) {
      expect(benign.length, format).toBe(1);
      expect([summary.quarantined, summary.stored, summary.actors.unresolved], format).toEqual([0, summary.events, 0]);
      expect(summary.actors.resolved, format).toBe(4);
    }
  });

  it('raises exactly the planted detections, on the planted identities, at the planted severity', async () => {
    const detections = await listDetections(store);
    for (const i of imports) {
      const got = detections.filter((d) => d.platform === i.platform).map(key);
      expect(got.sort(), i.platform).toEqual(i.expected.map(key).sort());
    }
  });

  it('never raises a planted benign novelty above its ceiling', async () => {
    const detections = await listDetections(store);
    for (const b of imports.flatMap((i) => i.benign))
      for (const d of detections.filter((x) => x.identityId === b.identityId))
        expect(RANK[d.severity], `${b.scenario}: ${d.message}`).toBeLessThanOrEqual(RANK[b.maxSeverity]);
  });
});

/**
 * Slack and Salesforce (kept apart from the block above to ease merging with the other platforms' additions): the
 * same exact agreement, on the Slack audit log entries and the Salesforce EventLogFile CSVs the estate plants.
 */
describe.each([
  { seed: 7, size: 300 },
  { seed: 11, size: 120 },
])('planted Slack and Salesforce activity of the demo estate (seed $seed, size $size)', ({ seed, size }) => {
  let store: Store;
  let imports: PlantedImport[];

  beforeAll(async () => {
    const estate = await generateEstate({
      seed,
      size,
      platforms: ['slack', 'salesforce'],
      now: '2026-11-01T00:00:00Z',
    });
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    imports = await importPlantedActivity(store, estate, () => new Date(estate.now));
  }, 120_000);
  afterAll(async () => store?.close());

  it('plants the attack sequences and benign novelty of both catalogues', () => {
    expect(imports.map((i) => `${i.platform} ${i.format} ${i.fileName}`).sort()).toEqual([
      'salesforce salesforce-elf acme-BulkApi2.csv',
      'salesforce salesforce-elf acme-RestApi.csv',
      'slack slack-audit acme-audit-logs.jsonl',
    ]);
    const planted = imports.flatMap((i) => i.expected.map((e) => `${i.platform} ${e.ruleId} ${e.severity}`));
    expect([...new Set(planted)].sort()).toEqual([
      'salesforce activity-new-origin high',
      'salesforce activity-sensitive-operation medium',
      'slack activity-dormant-then-active high',
      'slack activity-new-origin high',
      'slack activity-new-origin medium',
      'slack activity-sensitive-operation medium',
    ]);
    expect(
      imports
        .flatMap((i) => i.benign)
        .map((b) => `${b.identityId.split(':')[0]} ${b.maxSeverity}`)
        .sort(),
    ).toEqual(['salesforce info', 'slack medium']);
  });

  it('reads every record, none quarantined, every actor resolved to an inventory NHI', () => {
    for (const { summary, fileName } of imports) {
      expect(summary.quarantined, fileName).toBe(0);
      expect(summary.stored, fileName).toBe(summary.events);
      expect([summary.actors.unresolved, summary.actors.people], fileName).toEqual([0, 0]);
    }
    const resolved = Object.fromEntries(imports.map((i) => [i.fileName, i.summary.actors.resolved]));
    // Slack: four bots; Salesforce: two apps acting as an integration user, then that user in the Bulk API 2.0 log.
    expect(resolved).toEqual({ 'acme-audit-logs.jsonl': 4, 'acme-RestApi.csv': 2, 'acme-BulkApi2.csv': 1 });
  });

  it('raises exactly the planted detections, on the planted identities, at the planted severity', async () => {
    const detections = await listDetections(store);
    expect(detections.length).toBeGreaterThan(0);
    expect(detections.map(key).sort()).toEqual(
      imports
        .flatMap((i) => i.expected)
        .map(key)
        .sort(),
    );
  });

  it('never raises a planted benign novelty above its ceiling', async () => {
    const detections = await listDetections(store);
    for (const b of imports.flatMap((i) => i.benign))
      for (const d of detections.filter((x) => x.identityId === b.identityId))
        expect(RANK[d.severity], `${b.scenario}: ${d.message}`).toBeLessThanOrEqual(RANK[b.maxSeverity]);
  });

  it('prints the Salesforce bulk read with its events from the Tor exit', async () => {
    const text = await detectionsSection(store, imports, 10);
    // EventLogFile rows name the app and the user by id only (no CONNECTED_APP_NAME or USER_NAME in RestApi rows).
    expect(text).toMatch(
      /high {3}activity-new-origin: 0H4\w{15} as 005\w{15} acted \(RestApi:POST\) from a new country DE, AS60729/,
    );
    expect(text).toMatch(/RestApi:POST from 185\.220\.101\.33 AS60729 DE \[/);
  });
});

/**
 * GitHub (kept apart from the blocks above to ease merging): the organization audit log the estate plants —
 * fine-grained PATs named by `token_id`, GitHub Apps by their `<slug>[bot]` login — against the same exact agreement.
 */
describe.each([
  { seed: 7, size: 300 },
  { seed: 11, size: 120 },
])('planted GitHub activity of the demo estate (seed $seed, size $size)', ({ seed, size }) => {
  let store: Store;
  let imports: PlantedImport[];

  beforeAll(async () => {
    const estate = await generateEstate({ seed, size, platforms: ['github'], now: '2026-11-01T00:00:00Z' });
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    imports = await importPlantedActivity(store, estate, () => new Date(estate.now));
  }, 120_000);
  afterAll(async () => store?.close());

  it('plants every scenario of the catalogue in one audit log', () => {
    expect(imports.map((i) => `${i.platform} ${i.format} ${i.fileName}`)).toEqual([
      'github github-audit acme-corp-audit-log.jsonl',
    ]);
    const [log] = imports;
    expect(log.expected.map((e) => `${e.ruleId} ${e.severity}`).sort()).toEqual([
      'activity-anti-forensics high',
      'activity-dormant-then-active high',
      'activity-new-origin high',
      'activity-new-origin medium',
      'activity-sensitive-operation medium',
      'activity-volume-spike medium',
    ]);
    // Three tokens (one deletes the stream, then mass-clones) and two apps.
    expect(new Set(log.expected.map((e) => e.identityId)).size).toBe(5);
    expect(log.benign.map((b) => `${b.identityId.split(':')[2]} ${b.maxSeverity}`)).toEqual(['installation medium']);
  });

  it('reads every record, none quarantined, every actor resolved to an inventory NHI', () => {
    const [{ summary }] = imports;
    expect([summary.quarantined, summary.stored, summary.events]).toEqual([0, summary.records, summary.records]);
    expect([summary.actors.resolved, summary.actors.unresolved, summary.actors.people]).toEqual([5, 0, 0]);
  });

  it('raises exactly the planted detections, on the planted identities, at the planted severity', async () => {
    const detections = await listDetections(store);
    expect(detections.map(key).sort()).toEqual(imports[0].expected.map(key).sort());
  });

  it('never raises a planted benign novelty above its ceiling', async () => {
    const detections = await listDetections(store);
    for (const b of imports[0].benign)
      for (const d of detections.filter((x) => x.identityId === b.identityId))
        expect(RANK[d.severity], `${b.scenario}: ${d.message}`).toBeLessThanOrEqual(RANK[b.maxSeverity]);
  });
});
