import { DeliveryError } from './delivery-error.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First wait; doubled on each retry (with up to 25 % jitter). */
  baseDelayMs: number;
  /** No wait is longer, whatever Retry-After says. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: Omit<RetryPolicy, 'retries'> = { baseDelayMs: 1000, maxDelayMs: 30_000, sleep };

export interface AttemptOutcome {
  ok: boolean;
  attempts: number;
  /** The last attempt's error (no secret in it), null on success. */
  error: string | null;
}

/** Runs `send` until it succeeds, fails permanently, or the retries are spent. Never throws. */
export async function withRetries(send: () => Promise<void>, policy: RetryPolicy): Promise<AttemptOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return { ok: true, attempts: attempt, error: null };
    } catch (error) {
      const retryable = error instanceof DeliveryError ? error.retryable : false;
      const message = error instanceof DeliveryError ? error.message : `unexpected error: ${(error as Error).message}`;
      if (!retryable || attempt > policy.retries) return { ok: false, attempts: attempt, error: message };
      await policy.sleep(delay(policy, attempt, error instanceof DeliveryError ? error.retryAfterSeconds : undefined));
    }
  }
}

function delay(policy: RetryPolicy, attempt: number, retryAfterSeconds: number | undefined): number {
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  const wanted = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoff * (1 + Math.random() * 0.25);
  return Math.min(policy.maxDelayMs, wanted);
}
