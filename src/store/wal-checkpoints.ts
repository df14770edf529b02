import { siblingModule, startWorkerThread } from '../lib/worker-thread.js';
import type { Store } from './open.js';

/** What the checkpoint thread is given (structured-cloneable). */
export interface WalCheckpointInit {
  file: string;
  intervalMs: number;
}

export interface WalCheckpoints {
  /** Stops the thread once its current checkpoint ends; the writers' own automatic checkpoints remain. */
  stop(): Promise<void>;
}

/** Between two checkpoints: short, so that a writer's commit rarely finds frames left to copy. */
const INTERVAL_MS = 25;

/**
 * Copies a SQLite store's write-ahead log into the database on a thread of its own while a large scan writes.
 *
 * Each connection otherwise checkpoints inside the commit that takes the log past `wal_autocheckpoint` pages: it
 * copies the pages and waits for two fsyncs, and for that time its thread's event loop (a sync thread's vendor
 * requests, the analysis) stands still. With this thread copying the log every few milliseconds, that automatic
 * checkpoint finds nothing left to copy and returns at once; the fsyncs still happen, as often, so durability is
 * the same (docs/scale.md). PostgreSQL and in-memory stores need nothing: returns null.
 */
export function startWalCheckpoints(store: Store): WalCheckpoints | null {
  const sqlite = store.native?.sqlite;
  if (!sqlite || sqlite.memory || sqlite.readonly) return null;
  const init: WalCheckpointInit = { file: sqlite.name, intervalMs: INTERVAL_MS };
  const worker = startWorkerThread(siblingModule(import.meta.url, './wal-checkpoint-thread'), init);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A failing checkpoint thread costs only speed (the writers checkpoint as before); it never fails the scan.
  worker.on('error', () => {});
  return {
    stop: async () => {
      worker.postMessage('stop');
      await exited;
    },
  };
}
