/**
 * The thread of `buildDeferredIndexesBeside` (deferred-indexes.ts): a connection of its own builds the indexes a
 * load deferred while the scan's main thread goes on with the analysis. better-sqlite3 blocks its thread for each
 * CREATE INDEX (seconds at a million rows), so it cannot run beside the analysis on the main thread.
 */
import { serveTasks } from '../lib/worker-thread.js';
import { buildDeferredIndexes } from './deferred-indexes.js';
import { openStore } from './open.js';

serveTasks<{ file: string }>(async (_task, { file }) => {
  const store = await openStore(file, { migrate: false });
  try {
    return await buildDeferredIndexes(store);
  } finally {
    await store.close();
  }
});
