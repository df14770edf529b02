import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../testing/store.js';
import { HttpCacheStore } from './http-cache.js';
import type { Store } from './index.js';

/** The tenant HTTP cache behind conditional requests: batches, a cold first scan, and failures that cost only quota. */
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const page = (etag: string, n: number) => ({
  etag,
  headers: { link: `<https://api.example/next?page=${n + 1}>; rel="next"` },
  bodyJson: JSON.stringify([{ id: n }]),
});

describe('HttpCacheStore', () => {
  it('answers a later run from what an earlier run flushed, per tenant', async () => {
    store = await openTestStore('sqlite');
    const first = new HttpCacheStore(store, 'github', 'acme');
    await first.put('/orgs/acme/repos?page=1', page('"a1"', 1));
    // Not flushed yet: the run's own pending answers are already visible to it.
    expect((await first.get('/orgs/acme/repos?page=1'))?.etag).toBe('"a1"');
    await first.flush();

    const next = new HttpCacheStore(store, 'github', 'acme');
    expect(await next.get('/orgs/acme/repos?page=1')).toEqual({
      etag: '"a1"',
      headers: { link: '<https://api.example/next?page=2>; rel="next"' },
      body: [{ id: 1 }],
    });
    expect(await next.get('/orgs/acme/repos?page=2')).toBeUndefined();
    expect(await new HttpCacheStore(store, 'github', 'other').get('/orgs/acme/repos?page=1')).toBeUndefined();
  });

  it('a tenant with an empty cache at the start of a run stays a miss until the run ends (a first scan)', async () => {
    store = await openTestStore('sqlite');
    const cold = new HttpCacheStore(store, 'github', 'acme');
    expect(await cold.get('/orgs/acme/members?page=1')).toBeUndefined();
    // Another run of the tenant (a scope on another thread) stores an answer meanwhile: this run does not look again.
    const scope = new HttpCacheStore(store, 'github', 'acme');
    await scope.put('/orgs/acme/members?page=1', page('"m1"', 1));
    await scope.flush();
    expect(await cold.get('/orgs/acme/members?page=1')).toBeUndefined();
    expect((await new HttpCacheStore(store, 'github', 'acme').get('/orgs/acme/members?page=1'))?.etag).toBe('"m1"');
  });

  it('writes on its own once the answers it holds reach 8 million characters, whatever their number', async () => {
    store = await openTestStore('sqlite');
    const cache = new HttpCacheStore(store, 'github', 'acme');
    const big = (n: number) => ({ etag: `"b${n}"`, headers: {}, bodyJson: JSON.stringify('x'.repeat(3_000_000)) });
    await cache.put('/orgs/acme/repos?page=1', big(1));
    await cache.put('/orgs/acme/repos?page=2', big(2));
    expect(await new HttpCacheStore(store, 'github', 'acme').get('/orgs/acme/repos?page=1')).toBeUndefined();
    await cache.put('/orgs/acme/repos?page=3', big(3));
    // Three answers, far below the 500 that also trigger a write: the text did.
    expect((await new HttpCacheStore(store, 'github', 'acme').get('/orgs/acme/repos?page=3'))?.etag).toBe('"b3"');
  });

  it('a store that fails turns reads into misses and drops writes, reporting the first failure once', async () => {
    store = await openTestStore('sqlite');
    const failures: string[] = [];
    const cache = new HttpCacheStore(store, 'github', 'acme', (action, error) =>
      failures.push(`${action}: ${(error as Error).message}`),
    );
    await cache.put('/orgs/acme/hooks?page=1', page('"h1"', 1));
    await store.close();
    store = undefined;
    expect(await cache.get('/orgs/acme/hooks?page=2')).toBeUndefined();
    await expect(cache.flush()).resolves.toBeUndefined();
    await expect(cache.get('/orgs/acme/hooks?page=3')).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^read: /);
  });
});
