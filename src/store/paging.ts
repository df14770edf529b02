import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Keyset paging: asks for `batchSize` rows after the last key seen, until a short page. Readers over large tables
 * use it so nothing holds a whole table in memory. A caller may write the rows of the page it holds, not those of
 * later pages (the next one is already being read). Between pages it lets the event loop turn: SQLite answers
 * synchronously, so a long read would otherwise starve timers and signals (progress, Ctrl-C, the memory budget).
 */
export async function* keysetPages<R extends { id: string }>(
  fetchPage: (after: string | null, limit: number) => Promise<R[]>,
  batchSize: number,
): AsyncGenerator<R[]> {
  // One page ahead: on PostgreSQL the server reads the next page while the caller works on this one.
  let ahead: Promise<R[]> | null = fetchPage(null, batchSize);
  try {
    for (;;) {
      const rows: R[] = await ahead;
      ahead = rows.length === batchSize ? fetchPage(rows[rows.length - 1].id, batchSize) : null;
      ahead?.catch(() => undefined);
      if (rows.length > 0) yield rows;
      if (!ahead) return;
      await nextTurn();
    }
  } finally {
    // A caller that stops early (or fails) lets the read ahead settle before the store may be closed.
    await ahead?.catch(() => undefined);
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
