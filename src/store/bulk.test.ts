import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from '../testing/store.js';
import { bulkWrite, columnChunks, PG_STATEMENT_TEXT, type BulkOp } from './bulk.js';
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

const cachedPage: BulkOp & { kind: 'upsert' } = {
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

/** Cached pages whose bodies hold `sizes[i]` characters (url page-i). */
function largePages(sizes: readonly number[]): BulkOp & { kind: 'upsert' } {
  const [template] = cachedPage.rows;
  return {
    ...cachedPage,
    rows: sizes.map((n, i) => ({ ...template, url: `/orgs/acme/repos?page=${i}`, body: 'x'.repeat(n) })),
  };
}

describe('columnChunks: one PostgreSQL statement carries a bounded amount of text', () => {
  const columns = ['url', 'body'];
  const sizesOf = (chunks: unknown[][][]) => chunks.map(([urls]) => urls.length);

  it('ends a chunk at the row that takes it past the bound, keeping every row once and in order', () => {
    const third = Math.ceil(PG_STATEMENT_TEXT / 3) + 1;
    const rows = largePages(Array(7).fill(third)).rows;
    const chunks = [...columnChunks(columns, rows)];
    expect(sizesOf(chunks)).toEqual([3, 3, 1]);
    expect(chunks.flatMap(([urls]) => urls)).toEqual(rows.map((r) => (r as { url: string }).url));
    expect(chunks[0][1][0]).toHaveLength(third);
  });

  it('sends a row larger than the bound alone, and small rows all in one statement', () => {
    expect(sizesOf([...columnChunks(columns, largePages([10, PG_STATEMENT_TEXT * 2, 10]).rows)])).toEqual([2, 1]);
    expect(sizesOf([...columnChunks(columns, largePages(Array(1000).fill(100)).rows)])).toEqual([1000]);
  });
});

describe.each(ENGINES)('bulkWrite of rows larger than one statement carries, on %s', (engine) => {
  it('writes every row, counted once', async () => {
    store = await openTestStore(engine);
    const op = largePages(Array(5).fill(Math.ceil(PG_STATEMENT_TEXT / 2)));
    await expect(bulkWrite(store, [op])).resolves.toEqual([5]);
    const rows = await store.db.selectFrom('http_cache').select(['url', 'body']).orderBy('url').execute();
    expect(rows.map((r) => [r.url, r.body.length])).toEqual(
      op.rows.map((r) => [(r as { url: string }).url, Math.ceil(PG_STATEMENT_TEXT / 2)]),
    );
  });
});

describe.each(ENGINES)('bulkWrite keeps every value as it was given, on %s', (engine) => {
  it('quotes, backslashes, control characters, braces, non-ASCII text, numbers and nulls round-trip', async () => {
    store = await openTestStore(engine);
    const hostile = [
      'say "hi"',
      'C:\\path\\to\\file',
      'line one\nline two\ttab\r\u0001',
      '{"a":[1,2]}',
      '{NULL}',
      'NULL',
      'emoji 🔑 und Umlaute äöü, 中文',
      '',
      ' leading and trailing ',
    ];
    const spec = {
      table: 'ownership',
      columns: ['identity_id', 'owner_email', 'owner_team', 'confidence', 'candidates', 'computed_at', 'orphan'],
      ints: ['orphan'],
      floats: ['confidence'],
    };
    const rows = hostile.map((text, i) => ({
      identity_id: `id-${i}`,
      owner_email: text,
      owner_team: i % 2 ? null : text,
      confidence: i % 3 ? i + 0.25 : null,
      candidates: text,
      computed_at: '2026-12-07T00:00:00.000Z',
      orphan: i - 1,
    }));
    await expect(bulkWrite(store, [{ kind: 'upsert', spec, rows }])).resolves.toEqual([hostile.length]);
    const stored = await store.db
      .selectFrom('ownership')
      .select(['identity_id', 'owner_email', 'owner_team', 'confidence', 'candidates', 'computed_at', 'orphan'])
      .orderBy('identity_id')
      .execute();
    expect(stored.map((r) => ({ ...r, orphan: Number(r.orphan) }))).toEqual(rows);
  });
});

describe.each(ENGINES)('bulkWrite of values JSON does not carry as the driver would, on %s', (engine) => {
  it('a BigInt keeps its value (on PostgreSQL through the driver array path: JSON.stringify cannot write one)', async () => {
    store = await openTestStore(engine);
    const spec = {
      table: 'ownership',
      columns: ['identity_id', 'confidence', 'candidates', 'computed_at', 'orphan'],
      ints: ['orphan'],
      floats: ['confidence'],
    };
    const row = { identity_id: 'id-big', confidence: 0.5, candidates: '[]', computed_at: 'now', orphan: 7n };
    await expect(bulkWrite(store, [{ kind: 'upsert', spec, rows: [row] }])).resolves.toEqual([1]);
    const stored = await store.db
      .selectFrom('ownership')
      .select(['confidence', 'orphan'])
      .where('identity_id', '=', 'id-big')
      .executeTakeFirstOrThrow();
    expect({ confidence: Number(stored.confidence), orphan: Number(stored.orphan) }).toEqual({
      confidence: 0.5,
      orphan: 7,
    });
  });
});
