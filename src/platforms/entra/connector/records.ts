import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { inPool, statusOf } from './graph.js';
import type { EntraOptions } from './options.js';
import type { EntraSourceId } from './sources.js';

type Ctx = ScanContext<EntraOptions>;

/** Every Graph entity has a string `id`; a listed item without one is malformed (e.g. a docs example). */
export function hasId<T>(raw: T): raw is T & { id: string } {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0;
}

/**
 * Keeps the items of a lookup page that have an id and counts them for the source; each item without one is
 * quarantined (a redacted excerpt on record) instead of failing the source, and handed to `onInvalid` so the
 * caller can mark stale what that item would have filled (the source is then partial, and a partial source's
 * fields are stale only where the connector says so).
 */
export async function usable<T>(
  ctx: Ctx,
  source: EntraSourceId,
  page: readonly T[],
  what: string,
  onInvalid: (item: T) => void = () => {},
) {
  const ok: Array<T & { id: string }> = [];
  for (const item of page) {
    if (hasId(item)) ok.push(item);
    else {
      onInvalid(item);
      await quarantine(ctx, source, item, `${what} without an id`);
    }
  }
  ctx.sources.counted(source, ok.length);
  return ok;
}

/** Quarantines one raw record (the tracker counts it as an item of the source). */
export function quarantine(ctx: Ctx, source: EntraSourceId, raw: unknown, why: string): Promise<void> {
  return ctx.sources.emit(source, raw, () => {
    throw new InvalidRecordError(`Entra ${why}`, null);
  });
}

/**
 * Per-object calls of one source, `concurrency` at a time: a call that fails is recorded for its object and
 * `onFailed` told, and the rest continues. What is not a vendor failure (a store error, a cancel) is rethrown.
 * `refusalEndsSource`: a 401/403 is about the permission, not the object (every other call would be refused the
 * same way), so it is rethrown for the source's read to record it as skipped, with the permission to grant.
 */
export async function forEachObject(
  ctx: Ctx,
  source: EntraSourceId,
  ids: readonly string[],
  call: (id: string) => Promise<void>,
  onFailed: (id: string) => void,
  refusalEndsSource = false,
): Promise<void> {
  await inPool(ids, ctx.options.concurrency, async (id) => {
    try {
      await call(id);
    } catch (error) {
      const status = statusOf(error);
      if (refusalEndsSource && (status === 401 || status === 403)) throw error;
      ctx.sources.objectFailed(source, id, error);
      onFailed(id);
    }
  });
}
