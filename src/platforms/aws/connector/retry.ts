import type { IAMClientConfig } from '@aws-sdk/client-iam';

/** The SDK's retry-strategy interface (v2), named through the client's own config type. */
type RetryStrategyV2 = Extract<NonNullable<IAMClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

/** Attempts for a refused connection, a timeout or a 5xx: the SDK's standard count, not the throttling budget. */
export const TRANSIENT_ATTEMPTS = 3;
const BASE_DELAY_MS = 100;
/** The SDK's base for throttling backoff. */
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

const token = (retries: number, delay: number): RetryToken => ({
  getRetryCount: () => retries,
  getRetryDelay: () => delay,
});

/**
 * The SDK's standard retry rules with two budgets: IAM `Throttling` is retried up to `maxAttempts` (a scan of a large
 * account meets it and must ride it out), while network errors, timeouts and 5xx get the standard 3 attempts, so a
 * refused connection or a dead endpoint is reported after seconds instead of a throttling-sized backoff.
 * Client errors (AccessDenied, NoSuchEntity, validation) are not retried. The SDK's retry middleware waits the
 * returned token's delay, and stops waiting when the call's abort signal fires.
 */
export class ScanRetryStrategy implements RetryStrategyV2 {
  constructor(
    private readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount();
    if (retries + 1 >= this.attemptsFor(info.errorType)) throw new Error('No retry token available');
    const base = info.errorType === 'THROTTLING' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    // Full jitter, as the SDK's default backoff.
    const delay = Math.floor(this.random() * Math.min(MAX_DELAY_MS, base * 2 ** retries));
    return token(retries + 1, delay);
  }

  recordSuccess(): void {}

  private attemptsFor(type: RetryErrorInfo['errorType']): number {
    if (type === 'THROTTLING') return this.maxAttempts;
    if (type === 'TRANSIENT') return Math.min(TRANSIENT_ATTEMPTS, this.maxAttempts);
    return 0;
  }
}
