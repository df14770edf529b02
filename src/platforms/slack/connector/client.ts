import {
  ErrorCode,
  LogLevel,
  type Logger as SlackLogger,
  type WebAPICallResult,
  WebClient,
  WebClientEvent,
} from '@slack/web-api';
import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import type { SlackOptions } from './options.js';

/**
 * The official Slack SDK (@slack/web-api WebClient) as the scan uses it: form-encoded POSTs to `apiUrl`, its
 * `{ ok: false, error }` → WebAPIPlatformError rule, its HTTP 429 rule (wait Retry-After, then retry) and its retry
 * policy (`retryConfig`, node-retry options) — limited here to rate limits and 5xx answers, each retry counted. Every
 * attempt goes through our `fetch`: counted as one API call, under the SDK's per-attempt timeout and the source's
 * signal. One WebClient per source signal, so a deadline aborts only its own source's calls.
 */

/**
 * Slack answers HTTP 200 with `ok: false` for refusals; the tracker's refusal classes are HTTP statuses, so these
 * codes are recorded as the status they mean (401: the token is not accepted; 403: the token lacks the scope, the
 * token type or the plan; 404: the method is not there). Any other `ok: false` is an HTTP 200 failure.
 */
export const REFUSALS: Readonly<Record<string, 401 | 403 | 404>> = {
  not_authed: 401,
  invalid_auth: 401,
  account_inactive: 401,
  token_revoked: 401,
  token_expired: 401,
  missing_scope: 403,
  not_allowed_token_type: 403,
  no_permission: 403,
  not_an_admin: 403,
  not_an_enterprise: 403,
  feature_not_enabled: 403,
  team_access_not_granted: 403,
  ekm_access_denied: 403,
  access_denied: 403,
  paid_only: 403,
  unknown_method: 404,
  method_deprecated: 404,
};

const RATE_LIMITED = /^A rate limit was exceeded/;

/** 'POST /api/users.list': how sources declare a Web API method. */
export const callOf = (method: string): string => `POST /api/${method}`;

interface Retried extends Error {
  retriesLeft?: number;
  statusCode?: number;
  original?: Error;
}

/** The SDK's rate-limit signal: a plain Error it throws after the Retry-After wait (wrapped as a request error). */
const isRateLimited = (error: unknown): boolean => {
  const e = error as Retried | undefined;
  return RATE_LIMITED.test(String(e?.original?.message ?? e?.message ?? ''));
};

function sdkLogger(ctx: ScanContext<SlackOptions>): SlackLogger {
  const debug = (...msg: unknown[]) => ctx.log.debug(`slack sdk: ${msg.map(String).join(' ')}`);
  return {
    debug,
    info: debug,
    warn: debug,
    error: debug,
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

/** A Slack SDK error → a VendorCallError naming the method, the status and Slack's error code. */
export function vendorError(method: string, error: unknown): Error {
  const call = callOf(method);
  const e = error as { code?: string; data?: { error?: string; needed?: string }; statusCode?: number; body?: unknown };
  if (e?.code === ErrorCode.PlatformError) {
    const code = String(e.data?.error ?? 'unknown_error');
    const needed = e.data?.needed ? `; needed: ${e.data.needed}` : '';
    return new VendorCallError(
      `Slack ${method} answered ok:false ${code}${needed}`,
      { kind: 'http', call, httpStatus: REFUSALS[code] ?? 200, vendorCode: code },
      { cause: error },
    );
  }
  if (e?.code === ErrorCode.HTTPError) {
    let code: string | undefined;
    try {
      code = JSON.parse(String(e.body)).error;
    } catch {
      code = undefined;
    }
    return new VendorCallError(
      `Slack ${method} answered HTTP ${e.statusCode}${code ? ` ${code}` : ''}`,
      { kind: 'http', call, httpStatus: e.statusCode, vendorCode: code },
      { cause: error },
    );
  }
  if (isRateLimited(error))
    return new VendorCallError(
      `Slack ${method}: still rate limited after the retries (HTTP 429)`,
      { kind: 'http', call, httpStatus: 429, vendorCode: 'ratelimited' },
      { cause: error },
    );
  const original = e?.code === ErrorCode.RequestError ? (error as { original?: Error }).original : error;
  const timeout = (original as Error | undefined)?.name === 'TimeoutError';
  return new VendorCallError(
    `Slack ${method}: ${timeout ? 'no answer within requestTimeoutMs' : String((original as Error)?.message ?? original)}`,
    { call, ...(timeout ? { kind: 'timeout' as const } : {}) },
    { cause: original },
  );
}

export class SlackClient {
  private readonly clients = new WeakMap<AbortSignal, WebClient>();

  constructor(private readonly ctx: ScanContext<SlackOptions>) {}

  /** The SDK client whose every attempt also stops when `signal` aborts. */
  sdk(signal: AbortSignal): WebClient {
    const known = this.clients.get(signal);
    if (known) return known;
    const { options, metrics } = this.ctx;
    const web = new WebClient(options.token, {
      slackApiUrl: options.apiUrl,
      timeout: options.requestTimeoutMs,
      logger: sdkLogger(this.ctx),
      maxRequestConcurrency: options.concurrency,
      retryConfig: {
        retries: options.maxRetries,
        factor: 2,
        minTimeout: 100,
        maxTimeout: 2_000,
        // Only a 429 (after its Retry-After wait) or a 5xx is worth another attempt; the rest stops here.
        onFailedAttempt: (error: Retried) => {
          const throttled = isRateLimited(error);
          if (!throttled && !((error.statusCode ?? 0) >= 500) && !signal.aborted) throw error;
          if (signal.aborted) throw signal.reason;
          if ((error.retriesLeft ?? 0) > 0)
            metrics.retry(throttled ? 'HTTP 429 (Retry-After)' : `HTTP ${error.statusCode}`);
        },
      } as never,
      fetch: (url, init) => {
        metrics.apiCall(`POST ${new URL(String(url)).pathname}`);
        const signals = [signal, ...(init?.signal ? [init.signal] : [])];
        return fetch(url, { ...init, signal: AbortSignal.any(signals) });
      },
    });
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) =>
      this.ctx.log.info(`Slack rate limit (HTTP 429): waiting ${seconds}s for Retry-After`),
    );
    this.clients.set(signal, web);
    return web;
  }

  /** One Web API call through `call` (the SDK's typed method); errors become VendorCallErrors. */
  async call<T extends WebAPICallResult>(
    method: string,
    signal: AbortSignal,
    call: (web: WebClient) => Promise<T>,
  ): Promise<T> {
    try {
      const result = await call(this.sdk(signal));
      this.ctx.keepRaw(method, result);
      return result;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw vendorError(method, error);
    }
  }

  /** Cursor pages of a list method (the SDK's paginate: `cursor` in, `response_metadata.next_cursor` out). */
  async *pages<T>(
    method: string,
    args: Record<string, unknown>,
    itemsKey: string,
    signal: AbortSignal,
  ): AsyncGenerator<T[]> {
    const iterator = this.sdk(signal)
      .paginate(method, { ...args })
      [Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<WebAPICallResult>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw vendorError(method, error);
      }
      if (next.done) return;
      this.ctx.metrics.page();
      this.ctx.keepRaw(method, next.value);
      yield itemsOf<T>(next.value, itemsKey, method);
    }
  }
}

/** The item list of a page; a page without it is malformed (not an empty list). */
export function itemsOf<T>(page: WebAPICallResult, key: string, method: string): T[] {
  const items = (page as unknown as Record<string, unknown>)[key];
  if (Array.isArray(items)) return items as T[];
  throw new VendorCallError(`Slack ${method} answered without a ${key} list`, {
    kind: 'malformed',
    call: callOf(method),
  });
}
