import v8 from 'node:v8';
import vm from 'node:vm';
import { UserError } from './errors.js';

/**
 * A soft memory budget for long scans. V8 lets its heap grow towards its limit (about 4 GB on a 24 GB machine)
 * before it runs a full collection, even when the data still alive is a few hundred MB: a 1M-identity scan peaked
 * at 2.5 GB RSS with a live heap far below that. `--max-old-space-size` would bound the heap, but it can only be
 * set when Node starts, and a process that outgrows it dies. Instead, when the resident set passes the budget, we
 * run a full collection ourselves; when that frees little (the memory is live, or outside the JS heap), we wait
 * longer before the next one, so a budget set too low costs a little time and never the scan.
 */
export interface MemoryBudget {
  stop(): void;
  /** Collections run because of the budget, and the time they took. */
  readonly collections: number;
  readonly collectionMs: number;
}

export const DEFAULT_MEMORY_BUDGET_MB = 1024;
/** How often the resident set is read: often near the budget, rarely far below it (each read is a /proc read). */
const CHECK_EVERY_MS = 50;
const CHECK_FAR_BELOW_MS = 400;
const CHECK_WHILE_WAITING_MS = 250;
const MIN_GAP_MS = 1_000;
const MAX_GAP_MS = 30_000;

let exposedGc: (() => void) | null = null;

/** The full collection V8 runs on `gc()`, without requiring `node --expose-gc` on the command line. */
function fullCollection(): () => void {
  if (exposedGc) return exposedGc;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') {
    exposedGc = existing;
    return exposedGc;
  }
  v8.setFlagsFromString('--expose-gc');
  // The flag takes effect for contexts created after it: a fresh context carries the `gc` function.
  exposedGc = vm.runInNewContext('gc') as () => void;
  return exposedGc;
}

/** What the budget reads and does; tests replace them. */
export interface MemoryProbe {
  rss(): number;
  heapUsed(): number;
  collect(): void;
}

const processProbe = (): MemoryProbe => ({
  rss: () => process.memoryUsage.rss(),
  heapUsed: () => process.memoryUsage().heapUsed,
  collect: fullCollection(),
});

let activeBudgetMb: number | null = null;

/** The budget this process runs under, if any (sync threads start their own with the same size). */
export function activeMemoryBudgetMb(): number | null {
  return activeBudgetMb;
}

export function startMemoryBudget(budgetMb: number, probe: MemoryProbe = processProbe()): MemoryBudget {
  activeBudgetMb = budgetMb;
  const budgetBytes = budgetMb * 1024 * 1024;
  let collections = 0;
  let collectionMs = 0;
  let gapMs = MIN_GAP_MS;
  let lastAt = 0;
  let rssAfterLast = 0;
  let timer: NodeJS.Timeout;
  const collect = () => {
    const started = performance.now();
    const before = probe.heapUsed();
    probe.collect();
    const freed = before - probe.heapUsed();
    collectionMs += performance.now() - started;
    collections++;
    lastAt = Date.now();
    rssAfterLast = probe.rss();
    // Freed a good share of the budget: worth doing again when needed. Freed little: the memory is live, or outside
    // the JS heap, and collecting again soon would only cost time, so wait longer each time.
    gapMs = freed > budgetBytes * 0.1 ? MIN_GAP_MS : Math.min(MAX_GAP_MS, gapMs * 2);
  };
  const check = () => {
    const rss = probe.rss();
    // Growth counts from the lowest point since the last collection: when other threads end (a scan's sync threads),
    // the process shrinks, and this thread's own growth from there must not hide under what they had held.
    rssAfterLast = Math.min(rssAfterLast, rss);
    const waiting = Date.now() - lastAt < gapMs;
    // A backed-off budget still collects when the process has grown by a quarter of the budget since: the main thread
    // backs off through a scan's sync phase (its own heap is small), then its analysis grew to 2 GB within the wait
    // (and, before growth counted from the lowest point, to 1,583 MB at 1M once the sync threads had ended).
    if (rss >= budgetBytes && (!waiting || rss - rssAfterLast > budgetBytes / 4)) collect();
    // Below half the budget, a sync thread would read /proc twenty times a second for nothing (~1 % of its CPU).
    const next = rss < budgetBytes / 2 ? CHECK_FAR_BELOW_MS : waiting ? CHECK_WHILE_WAITING_MS : CHECK_EVERY_MS;
    timer = setTimeout(check, next);
    timer.unref();
  };
  timer = setTimeout(check, CHECK_EVERY_MS);
  timer.unref();
  return {
    stop: () => {
      clearTimeout(timer);
      activeBudgetMb = null;
    },
    get collections() {
      return collections;
    },
    get collectionMs() {
      return collectionMs;
    },
  };
}

/** `--memory-budget` / STEWARD_MEMORY_BUDGET_MB: a number of MB, or 0 for none. */
export function parseMemoryBudget(value: string | undefined, where: string): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MEMORY_BUDGET_MB;
  const mb = Number(value);
  if (!Number.isInteger(mb) || mb < 0)
    throw new UserError(`${where}: expected a whole number of MB (0 turns the budget off), got "${value}"`);
  return mb;
}
