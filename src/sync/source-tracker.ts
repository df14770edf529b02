import { setMaxListeners } from 'node:events';
import type { IdentityInput, SourceOutcome, SourceProblem, SourceStatus } from '../model/index.js';
import type { Logger } from '../lib/logger.js';
import type { MemberListing, RecordSink } from './connector.js';
import { DeadlineError, describeFailure, InvalidRecordError, isRefusal, problemLine } from './failure.js';
import { DEFAULT_QUARANTINE_SHARE, MAX_OBJECT_PROBLEMS, type SourceSpec, type SourceTracker } from './sources.js';

/** A record kept out of the inventory: which source, which object, why, and a redacted excerpt. */
export interface QuarantinedRecord {
  source: string;
  nativeId: string | null;
  reason: string;
  excerpt: string;
}

export interface TrackerOptions {
  /** How long one `read` may take before it fails with a deadline error. */
  deadlineMs: number;
  /** Share of a source's records that may be quarantined before the source counts as failed. */
  maxQuarantineShare?: number;
  /** The run's signal: a cancelled run rethrows instead of recording a source failure. */
  signal: AbortSignal;
  log: Logger;
  /** Redacted JSON excerpt of a raw record. */
  excerpt(raw: unknown): string;
  onQuarantine(record: QuarantinedRecord): Promise<void>;
}

/** Worst first: an outcome accumulated over several reads of one source keeps the worst status it reached. */
/** Listeners a scan's abort signals may have before Node warns of a leak: a bound on requests in flight, not a leak. */
export const SIGNAL_LISTENERS = 1024;

const SEVERITY: Record<SourceStatus, number> = { failed: 4, skipped: 3, partial: 2, complete: 1, 'not-run': 0 };

/** Thrown when a required source did not complete: the run fails and nothing is swept. */
export class RequiredSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequiredSourceError';
  }
}

/** One run's sources: reads them under a deadline, records outcomes, degrades per object and quarantines records. */
export class RunSources implements SourceTracker {
  private readonly outcomes = new Map<string, SourceOutcome>();
  private readonly specs = new Map<string, SourceSpec>();
  /** Sources whose deadline passed: their late emissions are refused. */
  private readonly closed = new Set<string>();
  /** The first quarantine reason per source, quoted when too many records of it were quarantined. */
  private readonly firstQuarantine = new Map<string, string>();
  /** Sources the tenant's options switched off in this run. */
  private readonly off = new Set<string>();

  constructor(
    specs: readonly SourceSpec[],
    private readonly sink: RecordSink,
    private readonly options: TrackerOptions,
  ) {
    for (const spec of specs) {
      this.specs.set(spec.id, spec);
      this.outcomes.set(spec.id, emptyOutcome(spec));
    }
  }

  /** Every declared source's outcome, in declaration order. */
  list(): SourceOutcome[] {
    return [...this.outcomes.values()].map((o) => ({ ...o, objects: [...o.objects] }));
  }

  spec(sourceId: string): SourceSpec {
    const spec = this.specs.get(sourceId);
    if (!spec)
      throw new Error(
        `source "${sourceId}" is not declared by the connector (declared: ${[...this.specs.keys()].join(', ')})`,
      );
    return spec;
  }

  status(sourceId: string): SourceStatus {
    this.spec(sourceId);
    return this.outcomes.get(sourceId)?.status ?? 'not-run';
  }

  switchedOff(sourceId: string, reason: string): void {
    const outcome = this.outcome(sourceId);
    if (outcome.status !== 'not-run')
      throw new Error(`source ${sourceId} was read in this run: it cannot be switched off`);
    this.off.add(sourceId);
    outcome.problem = {
      endpoint: null,
      kind: 'other',
      httpStatus: null,
      vendorCode: null,
      message: `switched off: ${reason}`,
      permission: null,
      objectId: null,
    };
  }

  /**
   * An outcome read before the run: how an expanded tenant's members were listed (`expandJobs`), recorded as the
   * outcome of the source that stands for the listing (its problem names the endpoint, and the permission when
   * refused).
   */
  recordListing(listing: MemberListing): void {
    const outcome = this.outcome(listing.source);
    outcome.items += listing.items;
    if (listing.problem) outcome.problem ??= listing.problem;
    this.settle(listing.source, listing.status);
  }

  isSwitchedOff(sourceId: string): boolean {
    this.spec(sourceId);
    return this.off.has(sourceId);
  }

  async read(sourceId: string, list: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
    const spec = this.spec(sourceId);
    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(new DeadlineError(`source ${sourceId} passed its deadline of ${this.options.deadlineMs} ms`)),
      this.options.deadlineMs,
    );
    const signal = AbortSignal.any([deadline.signal, this.options.signal]);
    // Each request in flight listens to it, and a fan-out keeps more in flight than Node's leak warning expects.
    setMaxListeners(SIGNAL_LISTENERS, signal);
    try {
      await Promise.race([list(signal), rejectOnAbort(signal)]);
      this.settle(sourceId, this.afterQuarantine(sourceId));
      return this.outcome(sourceId).status !== 'failed';
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      if (deadline.signal.aborted) this.closed.add(sourceId);
      const problem = describeFailure(deadline.signal.aborted ? deadline.signal.reason : error, spec);
      return this.fail(spec, isRefusal(problem) ? 'skipped' : 'failed', problem);
    } finally {
      clearTimeout(timer);
    }
  }

  objectFailed(sourceId: string, objectId: string, error: unknown): void {
    if (this.options.signal.aborted) throw error;
    const problem = { ...describeFailure(error, this.spec(sourceId)), objectId };
    const outcome = this.outcome(sourceId);
    outcome.objectsFailed++;
    if (outcome.objects.length < MAX_OBJECT_PROBLEMS) outcome.objects.push(problem);
    this.settle(sourceId, 'partial'); // also when its calls come after its list was read
    this.options.log.warn(`source ${sourceId}: skipped part of ${objectId}: ${problemLine(problem)}`);
  }

  async emit(sourceId: string, raw: unknown, transform: () => IdentityInput | IdentityInput[] | null): Promise<void> {
    if (this.closed.has(sourceId)) throw new DeadlineError(`source ${sourceId} passed its deadline`);
    this.outcome(sourceId).items++;
    let records: IdentityInput[];
    try {
      const out = transform();
      records = out === null ? [] : Array.isArray(out) ? out : [out];
    } catch (error) {
      const named = error instanceof InvalidRecordError ? error.nativeId : null;
      return this.quarantine(sourceId, raw, named ?? nativeIdOf(raw), (error as Error).message ?? String(error));
    }
    for (const record of records) {
      try {
        await this.sink.identity(record);
      } catch (error) {
        if (!(error instanceof InvalidRecordError)) throw error;
        await this.quarantine(sourceId, raw, error.nativeId ?? nativeIdOf(raw), error.message);
      }
    }
  }

  counted(sourceId: string, items = 1): void {
    this.outcome(sourceId).items += items;
  }

  /** Records the failure; a required source's failure ends the run (rethrown as RequiredSourceError). */
  private fail(spec: SourceSpec, status: 'skipped' | 'failed', problem: SourceProblem): false {
    const outcome = this.outcome(spec.id);
    outcome.problem ??= problem;
    this.settle(spec.id, status);
    const line = `source ${spec.id} ${status}: ${problemLine(problem)}`;
    if (spec.required) throw new RequiredSourceError(`required ${line}`);
    this.options.log.warn(line);
    return false;
  }

  private afterQuarantine(sourceId: string): SourceStatus {
    const outcome = this.outcome(sourceId);
    const share = this.options.maxQuarantineShare ?? DEFAULT_QUARANTINE_SHARE;
    // One bad record never fails a source (a small list would otherwise fail on its first); more than the share does.
    if (outcome.quarantined > 1 && outcome.quarantined > share * Math.max(outcome.items, 1)) {
      outcome.problem ??= {
        endpoint: null,
        kind: 'invalid-record',
        httpStatus: null,
        vendorCode: null,
        message: `${outcome.quarantined} of ${outcome.items} records quarantined (more than ${share * 100}%); first: ${this.firstQuarantine.get(sourceId)}`,
        permission: null,
        objectId: null,
      };
      return 'failed';
    }
    // A quarantined record is an identity this run could not see: its source cannot sweep.
    return outcome.objectsFailed > 0 || outcome.quarantined > 0 ? 'partial' : 'complete';
  }

  private settle(sourceId: string, status: SourceStatus): void {
    const outcome = this.outcome(sourceId);
    if (SEVERITY[status] > SEVERITY[outcome.status]) outcome.status = status;
  }

  private async quarantine(sourceId: string, raw: unknown, nativeId: string | null, reason: string): Promise<void> {
    const outcome = this.outcome(sourceId);
    outcome.quarantined++;
    if (outcome.objects.length < MAX_OBJECT_PROBLEMS) outcome.objects.push(quarantineProblem(nativeId, reason));
    this.settle(sourceId, 'partial');
    if (!this.firstQuarantine.has(sourceId)) this.firstQuarantine.set(sourceId, `${nativeId ?? 'a record'}: ${reason}`);
    this.options.log.warn(`source ${sourceId}: quarantined ${nativeId ?? 'a record without id'}: ${reason}`);
    await this.options.onQuarantine({ source: sourceId, nativeId, reason, excerpt: this.options.excerpt(raw) });
  }

  private outcome(sourceId: string): SourceOutcome {
    this.spec(sourceId);
    return this.outcomes.get(sourceId) as SourceOutcome;
  }
}

function quarantineProblem(nativeId: string | null, reason: string): SourceProblem {
  return {
    endpoint: null,
    kind: 'invalid-record',
    httpStatus: null,
    vendorCode: null,
    message: `quarantined: ${reason}`,
    permission: null,
    objectId: nativeId,
  };
}

function emptyOutcome(spec: SourceSpec): SourceOutcome {
  return {
    source: spec.id,
    required: spec.required,
    status: 'not-run',
    items: 0,
    problem: null,
    objects: [],
    objectsFailed: 0,
    quarantined: 0,
  };
}

/** A vendor object's own id, when it has an obvious one (for the quarantine record). */
function nativeIdOf(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  for (const key of ['id', 'Arn', 'UserName', 'RoleName', 'appId', 'name', 'login', 'key_id']) {
    if (typeof r[key] === 'string' || typeof r[key] === 'number') return String(r[key]);
  }
  return null;
}

/** Rejects when the signal aborts, so a list that ignores its signal still ends at the deadline. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
