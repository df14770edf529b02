import type { z } from 'zod';
import { Edge, Identity, Person, type StaleField, type SyncCounts } from '../model/index.js';
import { formatZodError } from '../lib/errors.js';
import { removeIdentities, type Store, writeEdges, writeIdentities, writePeople } from '../store/index.js';
import type { RecordSink } from './connector.js';
import type { FactsCheck } from './facts-check.js';
import { InvalidRecordError } from './failure.js';

/** Where one run's records go: the store rows of its platform+tenant (and sub-scope), tagged with the run. */
export interface SinkTarget {
  store: Store;
  platform: string;
  tenant: string;
  runId: string;
  /** The run's start time, written as last-seen. */
  now: string;
  /** '' for an unsplit run. */
  rowScope: string;
  batchSize: number;
  /** Fields of an identity of this nativeType whose filling source has not completed (kept from the store). */
  staleFields(nativeType: string): StaleField[];
}

/**
 * The connector's sink for one run: validates each record (model schema, then the connector's facts), counts it and
 * writes it in batches. Double buffering: one identity batch is written while the connector keeps fetching the next
 * one (vendor round trips and database work overlap). At most one batch is in flight; its failure surfaces on the
 * next flush or the final drain, so the run still fails and never sweeps.
 */
export class BatchingSink implements RecordSink {
  private readonly identities: Identity[] = [];
  private readonly people: Person[] = [];
  private readonly edges: z.infer<typeof Edge>[] = [];
  private readonly removals: string[] = [];
  private inFlight: Promise<void> | null = null;
  /** The first store write that failed: the run fails on the final flush even if a source swallowed it. */
  private writeError: unknown = null;

  constructor(
    private readonly target: SinkTarget,
    private readonly counts: SyncCounts,
    private readonly checkFacts: FactsCheck,
    private readonly onWritten: () => void,
  ) {}

  // Arrow properties, so a connector may pass `sink.identity` around unbound.
  readonly identity = async (input: z.input<typeof Identity>): Promise<void> => {
    const r = Identity.safeParse(input);
    if (!r.success) throw this.invalid('identity', r.error, String((input as { id?: unknown }).id));
    const { platform, tenant } = this.target;
    if (r.data.platform !== platform || r.data.tenant !== tenant) {
      throw new Error(`connector ${platform} emitted ${r.data.id} outside its tenant scope ${platform}:${tenant}`);
    }
    this.checkFacts(r.data);
    const pending = this.target.staleFields(r.data.nativeType);
    if (pending.length) r.data.stale = mergeStale(r.data.stale, pending);
    this.identities.push(r.data);
    this.counts.identities++;
    this.counts.credentials += r.data.credentials.length;
    this.counts.permissions += r.data.permissions.length;
    if (this.identities.length >= this.target.batchSize) await this.flushIdentities();
  };

  readonly person = async (input: z.input<typeof Person>): Promise<void> => {
    const r = Person.safeParse(input);
    if (!r.success) throw this.invalid('person', r.error, String((input as { id?: unknown }).id));
    this.people.push(r.data);
    this.counts.people++;
    if (this.people.length >= this.target.batchSize) await this.flushPeople();
  };

  readonly edge = async (input: z.input<typeof Edge>): Promise<void> => {
    const r = Edge.safeParse(input);
    if (!r.success) throw this.invalid('edge', r.error, `${String(input.from)} -> ${String(input.to)}`);
    this.edges.push(r.data);
    this.counts.edges++;
    if (this.edges.length >= this.target.batchSize) await this.flushEdges();
  };

  readonly remove = async (id: string): Promise<void> => {
    this.removals.push(id);
    if (this.removals.length >= this.target.batchSize) await this.flushRemovals();
  };

  /** Writes everything still buffered; throws if any write (the one in flight included) failed. */
  async flushAll(): Promise<void> {
    await this.flushIdentities();
    await this.drainIdentities();
    await this.flushPeople();
    await this.flushEdges();
    await this.flushRemovals();
    if (this.writeError) throw this.writeError;
  }

  /**
   * After a failed scan: keeps what was fetched (upserts are safe), ignoring the failure of the batch in flight,
   * which the scan's own error already explains. Pending removals are dropped: a failed run deletes nothing.
   */
  async flushAfterFailure(): Promise<void> {
    await this.drainIdentities().catch(() => {});
    await this.flushIdentities();
    await this.drainIdentities();
    await this.flushPeople();
    await this.flushEdges();
  }

  private async drainIdentities(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = null;
    if (pending) await pending;
  }

  private async flushIdentities(): Promise<void> {
    if (this.identities.length === 0) return;
    const batch = this.identities.splice(0);
    await this.drainIdentities();
    const { store, runId, now, rowScope } = this.target;
    const write = writeIdentities(store, batch, runId, now, rowScope).then(this.onWritten);
    write.catch((error) => {
      this.writeError ??= error; // also surfaces to whoever drains it
    });
    this.inFlight = write;
  }

  private async flushPeople(): Promise<void> {
    const { store, runId, now, rowScope } = this.target;
    if (this.people.length) await writePeople(store, this.people.splice(0), runId, now, rowScope);
  }

  private async flushEdges(): Promise<void> {
    const { store, platform, tenant, runId, rowScope } = this.target;
    if (this.edges.length) await writeEdges(store, this.edges.splice(0), platform, tenant, runId, rowScope);
  }

  private async flushRemovals(): Promise<void> {
    if (this.removals.length === 0) return;
    // A removal must land after any pending write of the same identity.
    await this.flushIdentities();
    await this.drainIdentities();
    const { store, runId, now } = this.target;
    this.counts.removed += await removeIdentities(store, this.removals.splice(0), runId, now);
  }

  private invalid(what: string, error: z.ZodError, hint: string): Error {
    return new InvalidRecordError(
      `connector ${this.target.platform} produced an invalid ${what} (${hint}): ${formatZodError(error, what)}`,
      hint === 'undefined' ? null : hint,
    );
  }
}

function mergeStale(own: StaleField[], pending: StaleField[]): StaleField[] {
  const key = (s: StaleField) => `${s.field}\u0000${s.source}`;
  const seen = new Set(own.map(key));
  return [...own, ...pending.filter((s) => !seen.has(key(s)))];
}
