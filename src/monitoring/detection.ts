import type { OwaspNhiId } from '../analysis/risk/types.js';
import type { Severity } from '../model/index.js';
import type { Baseline } from './baseline.js';
import type { ActivityEvent } from './event.js';
import type { Resolution } from './resolve.js';
import type { TargetContext } from './target-owners.js';

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

/**
 * What a detection sees besides the event: the actor's baseline BEFORE this event, its inventory identity, and the
 * inventory identity the event acted on with its owner.
 */
export interface DetectionContext {
  /** null = the first event ever seen of this actor (always null for a person actor: people are not baselined). */
  baseline: Baseline | null;
  resolution: Resolution | null;
  /** null = the event names no target, or its target is not in the inventory. */
  target: TargetContext | null;
  thresholds: DetectionThresholds;
}

export interface DetectionHit {
  /** What is detected, so repeated hits on the same thing fold into one detection (e.g. the operation, the ASN). */
  subject: string;
  message: string;
  /** Overrides the rule's severity for this hit. */
  severity?: Severity;
  /** The inventory identity the detection is about, when it is not the actor (e.g. the target whose credential changed). */
  identityId?: string;
}

export interface DetectionRule {
  meta: DetectionMeta;
  /**
   * The rule also judges events by people (`actor.person`): it is about what happened to an NHI (the event's target)
   * or to the audit trail, whoever did it. Other rules judge the acting NHI's behaviour and never see people.
   */
  seesPeople?: boolean;
  /** Pure: the same event, baseline and identity always give the same answer. */
  evaluate(event: ActivityEvent, ctx: DetectionContext): DetectionHit | null;
}

export function detectionRule(rule: DetectionRule): DetectionRule {
  return rule;
}
