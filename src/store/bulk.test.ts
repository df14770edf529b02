import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bulkWrite, type BulkOp } from './bulk.js';
import { openStore, type Store } from './index.js';

/** The SQLite bulk path while another connection (another sync thread, another process) holds the write lock. */
let store: Store | undefined;
let other: BetterSqlite3.Database | undefined;
afterEach(async () => {
  other?.close();
  other = undefined;
  await store?.close();
  store = undefined;
});

const cachedPage: BulkOp = {
  kind: 'upsert',
  spec: {
    table: 'http_cache',
    columns: ['platform', 'tenant', 'url', 'etag', 'headers', 'body', 'stored_at'],
    conflict: { target: ['platform', 'tenant', 'url'], update: ['etag'] },
  },
  rows: [
    {
      platform: 'github',
      tenant: 'acme',
      url: '/orgs/acme/members?page=1',
      etag: '"e1"',
      headers: '{}',
      body: '[]',
      stored_at: '2026-12-01T00:00:00.000Z',
    },
  ],
};

describe('bulkWrite on SQLite with a second writer', () => {
  it('waits for the write lock without stopping its event loop, then writes the batch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'steward-bulk-')), 'steward.db');
    store = await openStore(file);
    other = new BetterSqlite3(file);
    other.prepare('BEGIN IMMEDIATE').run();

    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let settled = false;
    const written = bulkWrite(store, [cachedPage]);
    written.then(
      () => (settled = true),
      () => (settled = true),
    );
    await sleep(200);
    clearInterval(timer);
    // A busy handler would have held this thread inside SQLite: no timer would have fired, and no batch waited.
    expect(ticks).toBeGreaterThan(3);
    expect(settled).toBe(false);

    other.prepare('COMMIT').run();
    await expect(written).resolves.toEqual([1]);
    expect(other.prepare('SELECT etag FROM http_cache').all()).toEqual([{ etag: '"e1"' }]);
  });
});
