/**
 * The thread of `startWalCheckpoints` (wal-checkpoints.ts): a connection of its own that runs a PASSIVE checkpoint
 * every few milliseconds. PASSIVE never waits for a lock and never blocks a reader or a writer; it copies what the
 * log holds that no reader still needs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { WalCheckpointInit } from './wal-checkpoints.js';

const { file, intervalMs } = workerData as WalCheckpointInit;
const db = new BetterSqlite3(file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let timer: NodeJS.Timeout | undefined;

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY (another checkpoint is running) or a transient error: the next tick tries again.
  }
  timer = setTimeout(checkpoint, intervalMs);
}

parentPort?.once('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort?.close();
});
checkpoint();
