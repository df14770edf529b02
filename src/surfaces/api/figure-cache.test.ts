import { describe, expect, it } from 'vitest';
import { FigureCache } from './figure-cache.js';

/** A computation the test settles by hand, counting how often it was started. */
function controlled() {
  const calls: Array<{ resolve: (v: number) => void; reject: (e: Error) => void }> = [];
  const compute = () => new Promise<number>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, compute };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('FigureCache', () => {
  it('computes a missing figure once, however many ask at the same time', async () => {
    const cache = new FigureCache(() => 0);
    const c = controlled();
    const asks = [cache.get('k', 1000, c.compute), cache.get('k', 1000, c.compute)];
    expect(c.calls).toHaveLength(1);
    c.calls[0].resolve(7);
    expect(await Promise.all(asks)).toEqual([7, 7]);
  });

  it('answers a fresh figure without computing, and a stale one at once while one refresh runs', async () => {
    let now = 0;
    const cache = new FigureCache(() => now);
    const c = controlled();
    const first = cache.get('k', 1000, c.compute);
    c.calls[0].resolve(1);
    expect(await first).toBe(1);
    now = 999;
    expect(await cache.get('k', 1000, c.compute)).toBe(1);
    expect(c.calls).toHaveLength(1);
    now = 1000;
    expect(await cache.get('k', 1000, c.compute)).toBe(1);
    expect(await cache.get('k', 1000, c.compute)).toBe(1);
    expect(c.calls).toHaveLength(2);
    c.calls[1].resolve(2);
    await settle();
    expect(await cache.get('k', 1000, c.compute)).toBe(2);
    expect(c.calls).toHaveLength(2);
  });

  it('keeps the figure it had when a refresh fails, and tries again on the next request', async () => {
    let now = 0;
    const cache = new FigureCache(() => now);
    const c = controlled();
    const first = cache.get('k', 10, c.compute);
    c.calls[0].resolve(1);
    await first;
    now = 10;
    expect(await cache.get('k', 10, c.compute)).toBe(1);
    c.calls[1].reject(new Error('database is locked'));
    await settle();
    expect(await cache.get('k', 10, c.compute)).toBe(1);
    expect(c.calls).toHaveLength(3);
  });

  it('after clear() computes again, and never stores what a computation started before the clear read', async () => {
    const cache = new FigureCache(() => 0);
    const c = controlled();
    const before = cache.get('k', 1000, c.compute);
    cache.clear();
    const after = cache.get('k', 1000, c.compute);
    expect(c.calls).toHaveLength(2);
    c.calls[0].resolve(1);
    c.calls[1].resolve(2);
    expect(await before).toBe(1);
    expect(await after).toBe(2);
    expect(await cache.get('k', 1000, c.compute)).toBe(2);
    expect(c.calls).toHaveLength(2);
  });
});
