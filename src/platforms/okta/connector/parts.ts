import type { StaleField } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError, isVendorFailure } from '../../../sync/failure.js';
import type { OktaOptions } from './options.js';

type Ctx = ScanContext<OktaOptions>;

/**
 * After this many objects' calls failed with none succeeding, the endpoint is refused or down for the whole org: the
 * source ends (skipped on 401/403/404, failed otherwise) instead of asking once per object.
 */
export const FAILURES_BEFORE_GIVING_UP = 3;

/** Runs `task` on every item, `limit` at a time. */
export async function mapLimit<T>(items: readonly T[], limit: number, task: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const hasId = (x: unknown): boolean => {
  const r = x as { id?: unknown; kid?: unknown } | null;
  return !!r && ((typeof r.id === 'string' && r.id !== '') || (typeof r.kid === 'string' && r.kid !== ''));
};

/**
 * One per-object source (an app's secrets, a token creator's roles), read for a batch of objects: `out[i]` is the
 * object's items, or null when its call failed (recorded with `objectFailed`, the source is partial) or an item came
 * without its id (quarantined). Its state (successes so far) lives across batches.
 */
export class PartReader<O, T> {
  private succeeded = 0;
  private failures = 0;

  constructor(
    private readonly ctx: Ctx,
    readonly sourceId: string,
    private readonly label: (object: O) => string,
    private readonly list: (object: O, signal: AbortSignal) => Promise<T[]>,
  ) {}

  /** Whether the source ended in an earlier batch (its fields are then kept from the store by the engine). */
  get ended(): boolean {
    const status = this.ctx.sources.status(this.sourceId);
    return status === 'skipped' || status === 'failed';
  }

  async read(objects: readonly O[]): Promise<Array<T[] | null>> {
    const out: Array<T[] | null> = objects.map(() => null);
    if (objects.length === 0 || this.ended) return out;
    await this.ctx.sources.read(this.sourceId, async (signal) => {
      let givenUp: unknown = null;
      await mapLimit(objects, this.ctx.options.concurrency, async (object, i) => {
        if (signal.aborted || givenUp) return;
        try {
          const items = await this.list(object, signal);
          if (!signal.aborted) out[i] = await this.accept(object, items);
        } catch (error) {
          if (signal.aborted || givenUp) return;
          if (this.succeeded === 0 && isVendorFailure(error) && ++this.failures >= FAILURES_BEFORE_GIVING_UP) {
            givenUp = error;
            return;
          }
          this.ctx.sources.objectFailed(this.sourceId, this.label(object), error);
        }
      });
      if (givenUp) throw givenUp;
    });
    return out;
  }

  /** The stale marks of an object whose part is null while the source itself went on (partial). */
  staleFor(items: unknown[] | null, fields: StaleField['field'][]): StaleField[] {
    if (items !== null || this.ended) return [];
    return fields.map((field) => ({ field, source: this.sourceId }));
  }

  /** Items with their ids; an item without one is quarantined and the object's part counts as unread. */
  private async accept(object: O, items: T[]): Promise<T[] | null> {
    this.succeeded++;
    const broken = items.filter((x) => !hasId(x));
    this.ctx.sources.counted(this.sourceId, items.length - broken.length);
    for (const item of broken)
      await this.ctx.sources.emit(this.sourceId, item, () => {
        throw new InvalidRecordError(`${this.label(object)}: an item without id in the API response`, null);
      });
    return broken.length ? null : items;
  }
}
