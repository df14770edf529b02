/**
 * Store-wide figures that cost a pass over the estate (the overview, the unfiltered identity total): at a million
 * identities the overview reads every identity and its ownership row, seconds of work, while the figures change only
 * when something is written. Each figure is kept `ttlMs`; once older it is still answered at once while one refresh
 * runs in the background (stale-while-revalidate), so a dashboard polling the overview never waits for the pass
 * again. `clear()` (after every write this process makes, and after a scan it ran) drops everything, so whoever wrote
 * sees the result of the write; writes by other processes are seen within `ttlMs` plus one request.
 */
export class FigureCache {
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  private readonly computing = new Map<string, Promise<unknown>>();
  /** Bumped by clear(): a computation started before a write must not store what it read before the write. */
  private generation = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async get<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (!hit) return this.compute(key, compute);
    if (this.now() - hit.at >= ttlMs && !this.computing.has(key)) {
      // A failed refresh keeps the figure it had; the next request past the TTL tries again.
      this.compute(key, compute).catch(() => {});
    }
    return hit.value as T;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.computing.clear();
  }

  private compute<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const running = this.computing.get(key);
    if (running) return running as Promise<T>;
    const generation = this.generation;
    const at = this.now();
    const promise = compute().finally(() => {
      if (this.computing.get(key) === promise) this.computing.delete(key);
    });
    this.computing.set(key, promise);
    return promise.then((value) => {
      if (generation === this.generation) this.entries.set(key, { at, value });
      return value;
    });
  }
}
