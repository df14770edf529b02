import type { OwaspNhiId } from '../analysis/risk/types.js';
import type { Severity } from '../model/index.js';
import type { Baseline } from './baseline.js';
import type { ActivityEvent } from './event.js';
import type { Resolution } from './resolve.js';

export interface DetectionMeta {
  /** Stable id, `activity-…`. */
  id: string;
  title: string;
  severity: Severity;
  owasp: OwaspNhiId;
  description: string;
  remediation: string;
}

export interface DetectionThresholds {
  /** First activity after this many days without any is a dormant credential waking up. */
  dormantDays: number;
  /** A baseline is stable (novelty counts) after this many events ... */
  stableEvents: number;
  /** ... over at least this many days. */
  stableDays: number;
  /** A day is a spike above max(spikeMinEvents, spikeFactor × the busiest kept day before it). */
  spikeFactor: number;
  spikeMinEvents: number;
  /** Prior days of history a spike needs. */
  spikeMinDays: number;
}

export const DEFAULT_DETECTION_THRESHOLDS: DetectionThresholds = {
  dormantDays: 30,
  stableEvents: 50,
  stableDays: 7,
  spikeFactor: 5,
  spikeMinEvents: 200,
  spikeMinDays: 3,
};

/** What a detection sees besides the event: the actor's baseline BEFORE this event, and its inventory identity. */
export interface DetectionContext {
  /** null = the first event ever seen of this actor. */
  baseline: Baseline | null;
  resolution: Resolution | null;
  thresholds: DetectionThresholds;
}

export interface DetectionHit {
  /** What is detected, so repeated hits on the same thing fold into one detection (e.g. the operation, the ASN). */
  subject: string;
  message: string;
  /** Overrides the rule's severity for this hit. */
  severity?: Severity;
}

export interface DetectionRule {
  meta: DetectionMeta;
  /** Pure: the same event, baseline and identity always give the same answer. */
  evaluate(event: ActivityEvent, ctx: DetectionContext): DetectionHit | null;
}

export function detectionRule(rule: DetectionRule): DetectionRule {
  return rule;
}
