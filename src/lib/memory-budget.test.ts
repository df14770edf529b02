import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_BUDGET_MB, parseMemoryBudget, startMemoryBudget, type MemoryProbe } from './memory-budget.js';

const MB = 1024 * 1024;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process whose resident memory and heap the test sets; a collection frees `frees` MB of heap. */
function fakeProcess(rssMb: number, frees: number) {
  const state = { rssMb, heapMb: 500, frees, collections: 0 };
  const probe: MemoryProbe = {
    rss: () => state.rssMb * MB,
    heapUsed: () => state.heapMb * MB,
    collect: () => {
      state.collections++;
      state.heapMb -= state.frees;
    },
  };
  return { state, probe };
}

describe('memory budget', () => {
  it('collects as soon as the process passes the budget, again a second later while collections free memory', async () => {
    const { state, probe } = fakeProcess(1200, 300);
    const budget = startMemoryBudget(1000, probe);
    try {
      await wait(200);
      expect(state.collections).toBe(1);
      await wait(1_400);
      expect(state.collections).toBe(2);
      expect(budget.collections).toBe(2);
    } finally {
      budget.stop();
    }
  });

  it('backs off when a collection frees little (the memory is live), so a low budget costs time, not the scan', async () => {
    const { state, probe } = fakeProcess(1200, 1);
    const budget = startMemoryBudget(1000, probe);
    try {
      await wait(3_000);
      // t≈0 collect (gap → 2 s), t≈2 s collect (gap → 4 s): two, where freeing collections would have made three.
      expect(state.collections).toBe(2);
    } finally {
      budget.stop();
    }
  });

  it('collects during a back-off when the process grows by a quarter of the budget', async () => {
    const { state, probe } = fakeProcess(1200, 1);
    const budget = startMemoryBudget(1000, probe);
    try {
      await wait(200);
      expect(state.collections).toBe(1);
      // Freed little: the next one would wait 2 s. The process grows by 300 MB of a 1,000 MB budget meanwhile.
      state.rssMb = 1500;
      await wait(600);
      expect(state.collections).toBe(2);
    } finally {
      budget.stop();
    }
  });

  it('counts that growth from the lowest point since: other threads ending must not hide this one growing', async () => {
    const { state, probe } = fakeProcess(1200, 1);
    const budget = startMemoryBudget(1000, probe);
    try {
      await wait(200);
      expect(state.collections).toBe(1);
      // The sync threads end: the process shrinks to 700 MB, then this thread grows to 1,100 MB, within the back-off
      // (2 s). The shrunk process is read at least once: checks come every 250 ms while backed off.
      state.rssMb = 700;
      await wait(400);
      state.rssMb = 1100;
      await wait(600);
      expect(state.collections).toBe(2);
    } finally {
      budget.stop();
    }
  });

  it('does nothing under budget', async () => {
    const { state, probe } = fakeProcess(900, 300);
    const budget = startMemoryBudget(1000, probe);
    try {
      await wait(300);
      expect(state.collections).toBe(0);
    } finally {
      budget.stop();
    }
  });

  it('reads the resident set eight times less often while below half the budget', async () => {
    const { state, probe } = fakeProcess(300, 300);
    let reads = 0;
    const counted: MemoryProbe = {
      ...probe,
      rss: () => {
        reads++;
        return probe.rss();
      },
    };
    const budget = startMemoryBudget(1000, counted);
    try {
      await wait(1_000);
      // Every 400 ms: two reads in a second (twenty at the near-budget pace).
      expect(reads).toBeGreaterThan(0);
      expect(reads).toBeLessThanOrEqual(3);
      expect(state.collections).toBe(0);
    } finally {
      budget.stop();
    }
  });

  it('runs V8 full collections in a process started without --expose-gc', async () => {
    const budget = startMemoryBudget(1);
    try {
      await wait(300);
      expect(budget.collections).toBe(1);
      expect(budget.collectionMs).toBeGreaterThan(0);
      expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    } finally {
      budget.stop();
    }
  });

  it('parses MB, 0 for off, and names the setting in errors', () => {
    expect(parseMemoryBudget(undefined, 'STEWARD_MEMORY_BUDGET_MB')).toBe(DEFAULT_MEMORY_BUDGET_MB);
    expect(parseMemoryBudget('0', '--memory-budget')).toBe(0);
    expect(parseMemoryBudget('1500', '--memory-budget')).toBe(1500);
    expect(() => parseMemoryBudget('1.5G', '--memory-budget')).toThrow(
      /--memory-budget: expected a whole number of MB.*"1\.5G"/,
    );
    expect(() => parseMemoryBudget('-1', 'STEWARD_MEMORY_BUDGET_MB')).toThrow(/STEWARD_MEMORY_BUDGET_MB/);
  });
});
