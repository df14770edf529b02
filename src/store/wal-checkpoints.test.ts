import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open.js';
import { startWalCheckpoints } from './wal-checkpoints.js';

/**
 * The checkpoint thread of large scans: with the writer's own automatic checkpoint switched off, only that thread
 * can move committed pages from the log into the database file, so the file's growth shows that it ran.
 */
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function storeWithTable(): Promise<{ store: Store; file: string; write: (rows: number) => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-wal-'));
  dirs.push(dir);
  const file = join(dir, 'store.db');
  const store = await openStore(file);
  stores.push(store);
  const sqlite = store.native!.sqlite!;
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.exec('CREATE TABLE pages_test (k TEXT PRIMARY KEY, v TEXT)');
  const insert = sqlite.prepare('INSERT INTO pages_test VALUES (?, ?)');
  let n = 0;
  const write = (rows: number) =>
    sqlite.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`key-${n++}`, 'v'.repeat(500));
    })();
  return { store, file, write };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('startWalCheckpoints', () => {
  it('copies committed pages into the database file while the writer does not, and stops when asked', async () => {
    const { store, file, write } = await storeWithTable();
    const sizeBefore = statSync(file).size;
    const checkpoints = startWalCheckpoints(store);
    expect(checkpoints).not.toBeNull();
    write(2000); // ~1 MB of pages, all in the log
    expect(await until(() => statSync(file).size > sizeBefore + 500_000, 15_000)).toBe(true);
    await checkpoints!.stop();

    const sizeStopped = statSync(file).size;
    write(2000);
    await new Promise((r) => setTimeout(r, 300));
    expect(statSync(file).size).toBe(sizeStopped);
  });

  it('is not started for an in-memory store', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    expect(startWalCheckpoints(store)).toBeNull();
  });
});
