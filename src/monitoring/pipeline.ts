import { availableParallelism, loadavg } from 'node:os';
import type { Severity } from '../model/index.js';
import type { Store } from '../store/index.js';
import { Baseline } from './baseline.js';
import {
  DEFAULT_DETECTION_THRESHOLDS,
  type DetectionContext,
  type DetectionHit,
  type DetectionRule,
  type DetectionThresholds,
} from './detection.js';
import { DETECTIONS } from './detections/index.js';
import { type Detection, detectionId, EVIDENCE_CAP, saveDetections } from './detections-store.js';
import type { ActivityEvent, ActivityFormat } from './event.js';
import { type EventBatch, eventWriter, loadBaselines, saveBaselines, type EventWriter } from './events-store.js';
import { type ParsedChunk, type QuarantineSample, parseHere } from './parse-records.js';
import { parseOnThread } from './parse-thread.js';
import { readChunks } from './read.js';
import { ActorResolver, type KeyAttributes, type Resolution } from './resolve.js';
import { LastUsedTracker } from './last-used.js';
import { TargetOwners } from './target-owners.js';

export interface ImportOptions {
  store: Store;
  format: ActivityFormat;
  /** The platform the format belongs to (its inventory resolves the actors). */
  platform: ActivityEvent['platform'];
  /** What `lastUsedSource` says when an event moves a last use forward. */
  lastUsedSource: string;
  now: () => Date;
  thresholds?: DetectionThresholds;
  rules?: readonly DetectionRule[];
  /** The platform's attributes that are also actor keys (PlatformActivity.keyAttributes). */
  keyAttributes?: KeyAttributes;
  /** IP → ASN/country and UA family (default true). */
  enrich?: boolean;
  /** Events per store transaction. */
  batchSize?: number;
  /** Split, parse and enrich on a second thread when the format says how to load it there (default: {@link spareCore}). */
  parseThread?: boolean;
  /**
   * Events older than this (epoch ms) are past the retention: counted as `expired`, never stored, baselined or
   * detected (pruning would drop them at once, and a re-import would raise their detections again).
   */
  retainAfter?: number;
}

export type { QuarantineSample } from './parse-records.js';

export interface ImportSummary {
  /** Whether split, parse and enrich ran on a second thread. */
  parseThread: boolean;
  /** Records read from the input (parsed or not). */
  records: number;
  /** Events the records gave. */
  events: number;
  quarantined: number;
  quarantineSamples: QuarantineSample[];
  /** Events already stored (same platform and vendor event id). */
  duplicates: number;
  /** Events older than the retention (`monitoring.retention`): not imported. */
  expired: number;
  stored: number;
  /** Actor resolution to inventory identities (vendor-service events are neither). */
  actors: {
    resolved: number;
    unresolved: number;
    resolvedEvents: number;
    unresolvedEvents: number;
    vendorServiceEvents: number;
    /** Events by people (an Entra user changing an application): judged only by detections about their target. */
    people: number;
    peopleEvents: number;
    /** Events whose target (the NHI acted on) resolved to an inventory identity. */
    resolvedTargetEvents: number;
    topUnresolved: Array<{ actor: string; events: number }>;
  };
  /** Last uses moved forward by events (identities, credentials). */
  lastUsedUpdated: { identities: number; credentials: number };
  detections: { total: number; byRule: Record<string, number>; bySeverity: Partial<Record<Severity, number>> };
}

const SAMPLE_CAP = 5;
const ACTOR_CAP = 100_000;
/**
 * Events per store transaction. Measured (bench/events.ts, 200k events): a random-order key insert costs a third as
 * much at 10,000 as at 2,000, but the events a batch holds are garbage-collected at a cost that grows with it; 5,000
 * used the least CPU of 2,000, 5,000, 10,000 and 20,000.
 */
const BATCH_SIZE = 5000;

/**
 * Whether a second thread would run on a core of its own: the machine has more than one and its load average leaves
 * one free. On a busy machine the thread costs more than it saves (handing events across costs ~30 % more CPU).
 */
export function spareCore(): boolean {
  const cores = availableParallelism();
  return cores > 1 && loadavg()[0] <= cores - 1;
}

/** Imports one exported log file (plain or gzip, any size, streamed). */
export async function importFile(file: string, options: ImportOptions): Promise<ImportSummary> {
  const { decode } = options.format;
  return importChunks(decode ? decode(readChunks(file)) : readChunks(file), options);
}

/** read → split → parse → normalize → enrich → resolve → store (dedupe) → detect → baseline, in batches. */
export async function importChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const pipeline = new EventPipeline(
    options,
    await ActorResolver.load(options.store, options.platform, options.keyAttributes),
  );
  const { format } = options;
  const enrich = options.enrich !== false;
  const onThread = format.thread !== undefined && (options.parseThread ?? spareCore());
  const parsed =
    format.thread && onThread ? parseOnThread(chunks, format.thread, enrich) : parseHere(chunks, format, enrich);
  try {
    for await (const chunk of parsed) await pipeline.add(chunk);
  } finally {
    // What was read before a failure is stored, baselined and detected all the same.
    await pipeline.finish();
  }
  return { parseThread: onThread, ...pipeline.summary() };
}

const emptyBatch = (): EventBatch => ({ events: [], keys: [], tails: [] });

class EventPipeline {
  private readonly writer: EventWriter;
  private readonly rules: readonly DetectionRule[];
  private readonly batchSize: number;
  private batch: EventBatch = emptyBatch();
  private fresh: boolean[] = [];
  private readonly baselines = new Map<string, Baseline | null>();
  private readonly detections = new Map<string, Detection>();
  private readonly lastUsed = new LastUsedTracker();
  private readonly ctx: DetectionContext;
  private readonly resolvedActors = new Set<string>();
  private readonly unresolved = new Map<string, number>();
  private readonly counts = {
    records: 0,
    events: 0,
    quarantined: 0,
    duplicates: 0,
    expired: 0,
    stored: 0,
    resolvedEvents: 0,
    unresolvedEvents: 0,
    vendorEvents: 0,
    peopleEvents: 0,
    resolvedTargetEvents: 0,
  };
  private readonly people = new Set<string>();
  private readonly targetOwners: TargetOwners;
  private resolutions: Array<Resolution | null> = [];
  private readonly samples: QuarantineSample[] = [];
  private lastUsedUpdated = { identities: 0, credentials: 0 };

  constructor(
    private readonly options: ImportOptions,
    private readonly resolver: ActorResolver,
  ) {
    this.writer = eventWriter(options.store);
    this.rules = options.rules ?? DETECTIONS;
    this.batchSize = options.batchSize ?? BATCH_SIZE;
    this.ctx = {
      baseline: null,
      resolution: null,
      target: null,
      thresholds: options.thresholds ?? DEFAULT_DETECTION_THRESHOLDS,
    };
    this.targetOwners = new TargetOwners(options.store);
  }

  quarantine(at: string, reason: string): void {
    this.counts.quarantined++;
    if (this.samples.length < SAMPLE_CAP) this.samples.push({ at, reason });
  }

  async add(parsed: ParsedChunk): Promise<void> {
    for (const q of parsed.quarantined) this.quarantine(q.at, q.reason);
    this.counts.records += parsed.records;
    this.counts.events += parsed.events.length;
    const retainAfter = this.options.retainAfter ?? Number.NEGATIVE_INFINITY;
    const { events, keys, tails } = parsed;
    for (let i = 0; i < events.length; i++) {
      if (events[i].time < retainAfter) {
        this.counts.expired++;
        continue;
      }
      this.batch.events.push(events[i]);
      this.batch.keys.push(keys[i] ?? null);
      this.batch.tails.push(tails[i] ?? null);
      if (this.batch.events.length >= this.batchSize) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    const toStore = this.batch;
    const batch = toStore.events;
    if (batch.length === 0) return;
    this.batch = emptyBatch();
    const resolutions = this.resolutions;
    resolutions.length = batch.length;
    for (let i = 0; i < batch.length; i++) resolutions[i] = this.resolve(batch[i]);
    await this.targetOwners.load(batch);
    await this.loadMissingBaselines(batch);
    const fresh = this.fresh;
    fresh.length = batch.length;
    await this.writer.write(toStore, fresh);
    for (let i = 0; i < batch.length; i++) {
      if (!fresh[i]) {
        this.counts.duplicates++;
        continue;
      }
      this.counts.stored++;
      this.observe(batch[i], resolutions[i]);
    }
  }

  private resolve(e: ActivityEvent): Resolution | null {
    const r = this.resolver.resolve(e);
    if (e.targetKeys.length) e.targetIdentityId = this.resolver.resolveTarget(e);
    if (r) {
      e.identityId = r.identityId;
      e.credentialId = r.credentialId;
    }
    return r;
  }

  private actorKey(e: ActivityEvent): string {
    return e.identityId ?? `${e.platform}:${e.actor.principal}`;
  }

  private async loadMissingBaselines(batch: readonly ActivityEvent[]): Promise<void> {
    const missing = new Set<string>();
    for (const e of batch) {
      if (e.actor.vendorService || e.actor.person) continue;
      const key = this.actorKey(e);
      if (!this.baselines.has(key)) missing.add(key);
    }
    if (missing.size === 0) return;
    const loaded = await loadBaselines(this.options.store, [...missing]);
    for (const key of missing) {
      const data = loaded.get(key);
      this.baselines.set(key, data ? Baseline.fromData(data) : null);
    }
  }

  /** A new event: counted, detected against the actor's baseline as it was, then added to it. */
  private observe(e: ActivityEvent, resolution: Resolution | null): void {
    if (e.targetIdentityId) this.counts.resolvedTargetEvents++;
    this.ctx.target = e.targetIdentityId ? this.targetOwners.context(e.targetIdentityId) : null;
    if (e.actor.person && !resolution) {
      this.observePerson(e);
      return;
    }
    if (resolution) {
      this.counts.resolvedEvents++;
      this.resolvedActors.add(resolution.identityId);
      if (e.success) this.lastUsed.saw(resolution, e.time);
    } else if (e.actor.vendorService) {
      this.counts.vendorEvents++;
      return;
    } else {
      this.counts.unresolvedEvents++;
      if (this.unresolved.has(e.actor.principal) || this.unresolved.size < ACTOR_CAP)
        this.unresolved.set(e.actor.principal, (this.unresolved.get(e.actor.principal) ?? 0) + 1);
    }
    if (e.actor.vendorService) return;
    const key = this.actorKey(e);
    const baseline = this.baselines.get(key) ?? null;
    this.ctx.baseline = baseline;
    this.ctx.resolution = resolution;
    this.evaluate(e, key, false);
    if (baseline) baseline.add(e);
    else {
      const b = new Baseline();
      b.add(e);
      this.baselines.set(key, b);
    }
  }

  /** A person's event: counted, never baselined (Steward watches NHIs), judged only by rules that see people. */
  private observePerson(e: ActivityEvent): void {
    this.counts.peopleEvents++;
    if (this.people.has(e.actor.principal) || this.people.size < ACTOR_CAP) this.people.add(e.actor.principal);
    this.ctx.baseline = null;
    this.ctx.resolution = null;
    this.evaluate(e, `${e.platform}:${e.actor.principal}`, true);
  }

  private evaluate(e: ActivityEvent, key: string, peopleOnly: boolean): void {
    for (const rule of this.rules) {
      if (peopleOnly && !rule.seesPeople) continue;
      const hit = rule.evaluate(e, this.ctx);
      if (hit) this.record(rule, e, key, hit);
    }
  }

  private record(rule: DetectionRule, e: ActivityEvent, key: string, hit: DetectionHit): void {
    const { subject, message } = hit;
    const severity = hit.severity ?? rule.meta.severity;
    const id = detectionId(rule.meta.id, e.platform, key, subject);
    const at = new Date(e.time).toISOString();
    const d = this.detections.get(id);
    if (d) {
      d.eventCount++;
      if (d.eventIds.length < EVIDENCE_CAP) d.eventIds.push(e.id);
      if (at < d.firstEventAt) d.firstEventAt = at;
      if (at > d.lastEventAt) d.lastEventAt = at;
      return;
    }
    this.detections.set(id, {
      id,
      ruleId: rule.meta.id,
      platform: e.platform,
      tenant: e.tenant,
      identityId: hit.identityId ?? e.identityId,
      actor: e.actor.principal,
      subject,
      severity,
      title: rule.meta.title,
      message,
      eventIds: [e.id],
      eventCount: 1,
      firstEventAt: at,
      lastEventAt: at,
      detectedAt: this.options.now().toISOString(),
      status: 'open',
    });
  }

  async finish(): Promise<void> {
    await this.flush();
    const { store, platform } = this.options;
    const now = this.options.now().toISOString();
    const rows = [...this.baselines].flatMap(([key, b]) =>
      b ? [{ key, platform, identityId: this.resolvedActors.has(key) ? key : null, data: b.toData() }] : [],
    );
    await saveBaselines(store, rows, now);
    await saveDetections(store, [...this.detections.values()]);
    this.lastUsedUpdated = await this.lastUsed.apply(store, this.options.lastUsedSource);
  }

  summary(): Omit<ImportSummary, 'parseThread'> {
    const byRule: Record<string, number> = {};
    const bySeverity: Partial<Record<Severity, number>> = {};
    for (const d of this.detections.values()) {
      byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
      bySeverity[d.severity] = (bySeverity[d.severity] ?? 0) + 1;
    }
    const topUnresolved = [...this.unresolved]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([actor, events]) => ({ actor, events }));
    const c = this.counts;
    return {
      records: c.records,
      events: c.events,
      quarantined: c.quarantined,
      quarantineSamples: this.samples,
      duplicates: c.duplicates,
      expired: c.expired,
      stored: c.stored,
      actors: {
        resolved: this.resolvedActors.size,
        unresolved: this.unresolved.size,
        resolvedEvents: c.resolvedEvents,
        unresolvedEvents: c.unresolvedEvents,
        vendorServiceEvents: c.vendorEvents,
        people: this.people.size,
        peopleEvents: c.peopleEvents,
        resolvedTargetEvents: c.resolvedTargetEvents,
        topUnresolved,
      },
      lastUsedUpdated: this.lastUsedUpdated,
      detections: { total: this.detections.size, byRule, bySeverity },
    };
  }
}
