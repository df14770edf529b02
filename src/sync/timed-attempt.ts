import { VendorCallError } from './failure.js';

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms (requestTimeoutMs)`);
    this.name = 'TimeoutError';
  }
}

export interface TimedAttemptOptions {
  /** Who did not answer, for the message: 'Okta'. */
  vendor: string;
  /** The call, for the message and the failure: 'GET /api/v1/apps' (computed only on a timeout, from what was thrown). */
  call: (error: unknown) => string;
  timeoutMs: number;
  /** The caller's signal (a cancelled source or scan): its abort ends the attempt with the caller's reason. */
  signal?: AbortSignal;
}

/**
 * One HTTP attempt, answer body included, under a timeout of its own and the caller's signal: `run` gets the
 * attempt's signal. Running out of time is a VendorCallError of kind 'timeout' naming the vendor and the call; an
 * abort by the caller rethrows the caller's reason. Each attempt has its own controller and removes its listener, so
 * a source signal shared by thousands of requests never accumulates them.
 */
export async function timedAttempt<T>(options: TimedAttemptOptions, run: (signal: AbortSignal) => Promise<T>) {
  const { signal: caller, timeoutMs } = options;
  if (caller?.aborted) throw caller.reason;
  const attempt = new AbortController();
  const timer = setTimeout(() => attempt.abort(new AttemptTimeout(timeoutMs)), timeoutMs);
  const onAbort = () => attempt.abort(caller?.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  try {
    const answer = await run(attempt.signal);
    // Aborted while the body was read: some clients return whatever text they had.
    if (attempt.signal.aborted) throw attempt.signal.reason;
    return answer;
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    const reason: unknown = attempt.signal.reason;
    if (reason instanceof AttemptTimeout) {
      const call = options.call(error);
      throw new VendorCallError(
        `${options.vendor} did not answer ${call} within ${timeoutMs} ms`,
        { kind: 'timeout', call },
        { cause: reason },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onAbort);
  }
}
