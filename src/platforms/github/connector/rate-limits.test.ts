import { describe, expect, it } from 'vitest';
import { rateLimitWait } from './rate-limits.js';

const error = (status: number, message: string, headers: Record<string, string>) => ({
  status,
  message,
  response: { headers },
});

describe('GitHub rate-limit answers', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('waits until x-ratelimit-reset (+1 s) on a primary limit', () => {
    const reset = String(now / 1000 + 30);
    expect(
      rateLimitWait(
        error(403, 'API rate limit exceeded for user ID 1.', {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset,
        }),
        now,
      ),
    ).toEqual({ kind: 'primary', seconds: 31 });
    expect(
      rateLimitWait(
        error(429, 'API rate limit exceeded', {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(now / 1000 - 5),
        }),
        now,
      ),
    ).toEqual({ kind: 'primary', seconds: 0 });
  });
  it('waits retry-after on a secondary limit, 60 s when GitHub sends none', () => {
    expect(rateLimitWait(error(429, 'You have exceeded a secondary rate limit.', { 'retry-after': '7' }), now)).toEqual(
      { kind: 'secondary', seconds: 7 },
    );
    expect(rateLimitWait(error(403, 'You have exceeded a secondary rate limit.', {}), now)).toEqual({
      kind: 'secondary',
      seconds: 60,
    });
  });
  it('leaves every other error alone (a 403 for missing permissions is not a limit)', () => {
    expect(
      rateLimitWait(error(403, 'Resource not accessible by integration', { 'x-ratelimit-remaining': '4999' }), now),
    ).toBeNull();
    expect(rateLimitWait(error(502, 'Server Error', {}), now)).toBeNull();
  });
});
