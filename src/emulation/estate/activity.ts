import type { Severity } from '../../model/index.js';
import type { IdentityLabel } from './labels.js';
import type { Random } from './random.js';

/**
 * Planted activity: a platform's estate generator writes an activity log of the demo NHIs in the vendor's wire
 * format (normal baseline traffic, planted attack sequences, planted benign novelty) and, from its OWN catalogue of
 * what each scenario means, the detections a correct monitoring layer must raise. Generators never import the
 * monitoring code: the agreement test compares the two.
 */
export interface ExpectedDetection {
  /** The detection rule id (`activity-…`) the scenario must raise. */
  ruleId: string;
  /** The inventory identity the actor must resolve to. */
  identityId: string;
  severity: Severity;
  /** The planted scenario, in words. */
  scenario: string;
}

/** Novelty that is normal (a new region, a new client version): it must never be raised above `maxSeverity`. */
export interface BenignNovelty {
  identityId: string;
  scenario: string;
  maxSeverity: Severity;
}

export interface PlantedActivity {
  /** The `steward events import --format` id the file is in. */
  format: string;
  /** A file name for the log (e.g. a CloudTrail S3 object name). */
  fileName: string;
  /** The log file's content, in the vendor's wire format. */
  text: string;
  /** Records in the file. */
  records: number;
  expected: ExpectedDetection[];
  benign: BenignNovelty[];
}

/**
 * A platform's activity generator: from its generated estate data and the labels of its NHIs (what the inventory
 * will hold after a scan), the planted activity — one log, or several in different formats (imported in order);
 * null or none when the estate is too small to plant anything.
 */
export type ActivityGenerator = (
  data: unknown,
  labels: readonly IdentityLabel[],
  now: Date,
) => PlantedActivity | readonly PlantedActivity[] | null;

/** A day and an hour in milliseconds, and the days of routine use every planted log begins with. */
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const BASELINE_DAYS = 14;

/**
 * Days since the last use of a dormant actor in a log the scan reads last use from (Okta's System Log, Google's
 * Reports): past the 30-day dormancy threshold with two days to spare, yet under 80 days — inside the collector's first
 * read (Okta: 90 days), so its own history holds that last use when the scan has seen the planted one, and not stale
 * (90 days), so the planted use changes none of the actor's labelled risks.
 */
export const DORMANT_DAYS = [32, 80] as const;

/** Whether a label says its identity was last used between `min` and `max` days before `t0` (never used: no). */
export function lastUsedWithin(label: IdentityLabel, t0: number, [min, max]: readonly [number, number]): boolean {
  if (label.lastUsedAt === null) return false;
  const days = (t0 - Date.parse(label.lastUsedAt)) / DAY;
  return days >= min && days <= max;
}

/**
 * The times of one actor's routine use over the BASELINE_DAYS days before `t0`: [min, max] events a day, each at a
 * random time of that day. Lazy, so the caller's own draws for each event (address, client, operation) interleave
 * with the times' draws exactly as in one hand-written loop: a generator's output depends on that order.
 */
export function* routineTimes(rng: Random, t0: number, [min, max]: readonly [number, number]): Generator<number> {
  for (let d = BASELINE_DAYS; d >= 1; d--) {
    const n = rng.int(min, max);
    for (let i = 0; i < n; i++) yield t0 - d * DAY - rng.int(1, 20) * HOUR - rng.int(0, 3_599_000);
  }
}

/** One scenario of a generator's own catalogue: what it plants, in words, and what a correct monitor raises. */
export interface ScenarioSpec {
  scenario: string;
  expect: ReadonlyArray<{ ruleId: string; severity: Severity }>;
  /** Benign novelty: never to be raised above this severity. */
  benign?: Severity;
}

/** What a generator planted on whom: each scenario's expected detections and benign ceilings, on its actor. */
export class PlantedScenarios<Id extends string> {
  readonly expected: ExpectedDetection[] = [];
  readonly benign: BenignNovelty[] = [];

  constructor(private readonly catalogue: Readonly<Record<Id, ScenarioSpec>>) {}

  /** Plants scenario `id` on `actor` (nothing when the estate has no such actor) and notes what it must raise. */
  on<A extends { identityId: string }>(id: Id, actor: A | undefined, plant: (a: A) => void): void {
    if (!actor) return;
    plant(actor);
    const s = this.catalogue[id];
    for (const e of s.expect) this.expected.push({ ...e, identityId: actor.identityId, scenario: s.scenario });
    if (s.benign) this.benign.push({ identityId: actor.identityId, scenario: s.scenario, maxSeverity: s.benign });
  }
}

/** A log of JSON records one per line, as the vendors' exports and SIEM pipelines write them. */
export const jsonLines = (records: readonly unknown[]): string =>
  `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/**
 * The records of the planted logs of one format, for an emulator to serve: JSON lines, or a JSON document whose
 * `arrayField` holds them (a CloudTrail file's `Records`).
 */
export function plantedRecords(
  logs: readonly PlantedActivity[] | undefined,
  format: string,
  arrayField?: string,
): Record<string, unknown>[] {
  return (logs ?? [])
    .filter((log) => log.format === format)
    .flatMap((log) =>
      arrayField
        ? (JSON.parse(log.text) as Record<string, Record<string, unknown>[]>)[arrayField]
        : log.text
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
}
