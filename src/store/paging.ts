import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Keyset paging: asks for `batchSize` rows after the last key seen, until a short page. Readers over large tables
 * use it so nothing holds a whole table in memory. Between pages it lets the event loop turn: SQLite answers
 * synchronously, so a long read would otherwise starve timers and signals (progress, Ctrl-C, the memory budget).
 */
export async function* keysetPages<R extends { id: string }>(
  fetchPage: (after: string | null, limit: number) => Promise<R[]>,
  batchSize: number,
): AsyncGenerator<R[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await fetchPage(after, batchSize);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].id;
    if (rows.length < batchSize) return;
    await nextTurn();
  }
}

/** Flattens batches into one array, stopping after `limit` items. */
export async function collectBatches<T>(batches: AsyncIterable<T[]>, limit?: number): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) {
    for (const item of batch) {
      out.push(item);
      if (limit !== undefined && out.length >= limit) return out;
    }
  }
  return out;
}
