import { DAY_MS } from '../../lib/clock.js';

/** Seeded generator (mulberry32): same seed, same estate, on every machine. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Picks by weight: [[value, weight], ...]. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    return entries[entries.length - 1][0];
  }
  /**
   * n distinct items, as if drawn one by one from a shrinking copy of the list — without copying it (O(n²) in the
   * number drawn, not O(list)): a 1M-NHI estate samples from lists of 50k people hundreds of thousands of times.
   */
  sample<T>(items: readonly T[], n: number): T[] {
    const out: T[] = [];
    const taken: number[] = []; // original indices already drawn, ascending
    while (out.length < n && out.length < items.length) {
      let j = Math.floor(this.next() * (items.length - out.length));
      let k = 0;
      for (; k < taken.length && taken[k] <= j; k++) j++;
      taken.splice(k, 0, j);
      out.push(items[j]);
    }
    return out;
  }
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** Lowercase alphanumeric token of the given length (for fake ids). */
  token(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** An ISO timestamp `days` days before `now` (fractional days allowed), truncated to whole seconds. */
  daysAgo(now: Date, days: number): string {
    return new Date(Math.floor((now.getTime() - days * DAY_MS) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }
  /** Long-tailed age in days: most things are months old, a few are years old. */
  ageDays(maxDays = 2500): number {
    return Math.min(maxDays, Math.floor(-Math.log(1 - this.next()) * 300) + 1);
  }
}
