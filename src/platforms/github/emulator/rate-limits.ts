import type { FastifyReply } from 'fastify';

/** Who is calling: the org owner's classic token or an App installation token (different hourly limits). */
export interface Caller {
  kind: 'owner' | 'installation';
  key: string;
  limit: number;
}

interface RateWindow {
  used: number;
  reset: number;
}

/** GitHub's primary rate limit per caller: an hourly window, reported in the x-ratelimit-* headers. */
export class RateLimits {
  private readonly windows = new Map<string, RateWindow>();
  /** Answers whose request was counted, so that only those are given back when they turn out 304. */
  private readonly counted = new WeakSet<FastifyReply>();

  rate(caller: Caller | null): { limit: number; remaining: number; used: number; reset: number } {
    const key = caller?.key ?? 'anonymous';
    const limit = caller?.limit ?? 60;
    const nowS = Math.floor(Date.now() / 1000);
    let w = this.windows.get(key);
    if (!w || w.reset <= nowS) {
      w = { used: 0, reset: nowS + 3600 };
      this.windows.set(key, w);
    }
    return { limit, remaining: Math.max(0, limit - w.used), used: w.used, reset: w.reset };
  }

  /** Gives back a counted request: GitHub does not count a conditional request answered 304 Not Modified. */
  refund(reply: FastifyReply, caller: Caller): void {
    const w = this.windows.get(caller.key);
    if (w && this.counted.delete(reply)) w.used = Math.max(0, w.used - 1);
  }

  /** Sets the headers, counting the request first when `count` (the window never exhausts by itself: faults do). */
  headers(reply: FastifyReply, caller: Caller | null, count: boolean): void {
    if (count && caller) {
      this.counted.add(reply);
      const r0 = this.rate(caller);
      this.windows.get(caller.key)!.used = Math.min(r0.limit - 1, r0.used + 1);
    }
    const r = this.rate(caller);
    reply.header('x-ratelimit-limit', String(r.limit));
    reply.header('x-ratelimit-remaining', String(r.remaining));
    reply.header('x-ratelimit-used', String(r.used));
    reply.header('x-ratelimit-reset', String(r.reset));
    reply.header('x-ratelimit-resource', 'core');
  }
}
