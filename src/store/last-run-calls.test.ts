import { afterEach, describe, expect, it } from 'vitest';
import { SyncRun } from '../model/index.js';
import { openTestStore } from '../testing/store.js';
import { insertSyncRun, lastRunCalls, type Store } from './index.js';

/**
 * The weights a local scan orders its jobs by and `auto` threads size the estate by: per tenant its latest unsplit
 * full run, or the latest run of each scope once it was split since; per scope its own latest run.
 */
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

let n = 0;
const run = (scope: string | null, minute: number, apiCalls: number, extra: Partial<SyncRun> = {}): SyncRun =>
  SyncRun.parse({
    id: `run-${++n}`,
    platform: 'github',
    tenant: 'acme',
    scope,
    startedAt: new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString(),
    finishedAt: new Date(Date.UTC(2026, 10, 1, 0, minute, 30)).toISOString(),
    status: 'succeeded',
    mode: 'full',
    counts: {},
    apiCalls,
    pages: 1,
    retries: 0,
    errors: [],
    ...extra,
  });

describe('lastRunCalls', () => {
  it('sums the scopes run after the last unsplit run; each scope keeps its own latest figure', async () => {
    store = await openTestStore('sqlite');
    await insertSyncRun(store, run(null, 1, 9_000));
    expect(await lastRunCalls(store)).toEqual(new Map([['github:acme', 9_000]]));

    // Split: two scopes ran after the unsplit run; an unfinished and an incremental run do not count.
    await insertSyncRun(store, run('org', 2, 100));
    await insertSyncRun(store, run('repos:0/2', 2, 4_000));
    await insertSyncRun(store, run('repos:0/2', 3, 4_500));
    await insertSyncRun(store, run('repos:1/2', 2, 5_000));
    await insertSyncRun(store, run('repos:1/2', 4, 1, { finishedAt: null, status: 'running' }));
    await insertSyncRun(store, run('org', 4, 3, { mode: 'incremental' }));
    expect(await lastRunCalls(store)).toEqual(
      new Map([
        ['github:acme', 100 + 4_500 + 5_000],
        ['github:acme#org', 100],
        ['github:acme#repos:0/2', 4_500],
        ['github:acme#repos:1/2', 5_000],
      ]),
    );

    // Unsplit again: the tenant's figure is that run's; the scopes keep theirs.
    await insertSyncRun(store, run(null, 5, 8_000));
    expect((await lastRunCalls(store)).get('github:acme')).toBe(8_000);
    expect((await lastRunCalls(store)).get('github:acme#repos:1/2')).toBe(5_000);
  });
});
