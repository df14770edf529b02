import { createRequire } from 'node:module';
import type { Client } from '@okta/okta-sdk-nodejs';
import type { ScanContext, ScanMetrics } from '../../../sync/connector.js';
import { httpFetch, type HttpFetchInit } from '../../../sync/http-fetch.js';
import { timedAttempt } from '../../../sync/timed-attempt.js';
import { type OktaOptions, orgUrlOf } from './options.js';

/**
 * The official Okta SDK (@okta/okta-sdk-nodejs) as the scan uses it: its `Client` for auth (SSWS or an OAuth service
 * app with private_key_jwt), its HTTP layer (error bodies → OktaApiError) and its request executor's HTTP 429 rule
 * (retry only on exactly one X-Rate-Limit-Reset header, after reset − Date + 1 s, marking X-Okta-Retry-For/-Count).
 * Raw JSON is read (the transforms take Okta's wire shapes), the SDK's response cache is off, every attempt has a
 * timeout and the source's signal, and every attempt and retry is counted.
 */

type OktaSdk = typeof import('@okta/okta-sdk-nodejs');
const require = createRequire(import.meta.url);
let loadedSdk: OktaSdk | undefined;
/**
 * The SDK is loaded on first use: every process that imports the platform registry (each analysis thread, commands
 * that never call Okta) otherwise spent ~1.2 s loading it (10 % of a 100k re-analysis pass).
 */
const oktaSdk = (): OktaSdk => {
  loadedSdk ??= require('@okta/okta-sdk-nodejs') as OktaSdk;
  return loadedSdk;
};

type Headers = Record<string, unknown>;
/** The request object the SDK's HTTP layer passes to its executor (node-fetch options plus the SDK's fields). */
export interface SdkRequest {
  url?: string;
  method?: string;
  headers?: Headers;
  signal?: AbortSignal;
  startTime?: Date;
  [key: string]: unknown;
}
/** An answer whose body was read within the attempt's timeout (httpFetch's). */
export interface SdkResponse {
  status: number;
  statusText?: string;
  ok: boolean;
  url: string;
  headers: { get(name: string): string | null; forEach?: unknown };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

interface ExecutorHooks {
  metrics: ScanMetrics;
  timeoutMs: number;
  maxWaitMs: number;
  onLimit(call: string, waitMs: number, again: boolean): void;
}

/** 'GET /api/v1/apps' from the URL called (origin and query left out). */
export function callOf(method: string | undefined, url: string | undefined): string {
  let path = url ?? '';
  try {
    path = new URL(path).pathname;
  } catch {
    path = path.split('?')[0];
  }
  return `${(method ?? 'GET').toUpperCase()} ${path}`;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The scan's executor class, defined once the SDK is loaded (it extends the SDK's). */
let executorClass: ReturnType<typeof defineExecutor> | undefined;

function defineExecutor(sdk: OktaSdk) {
  /**
   * The SDK's DefaultRequestExecutor with the scan's needs: one attempt = one counted API call under its own timeout
   * (answer body included) and the caller's signal; a retry (X-Okta-Retry-Count set by the SDK) is counted as one;
   * the rate-limit wait is abortable and capped by `maxRateLimitWaitMs`.
   */
  class StewardRequestExecutor extends sdk.DefaultRequestExecutor {
    constructor(
      private readonly hooks: ExecutorHooks,
      maxRetries: number,
    ) {
      super({ maxRetries, requestTimeout: 0 });
    }

    override fetch(request: SdkRequest): Promise<SdkResponse> {
      request.startTime ??= new Date();
      const call = callOf(request.method, request.url);
      this.hooks.metrics.apiCall(call);
      if (request.headers?.[this.retryCountHeader]) this.hooks.metrics.retry(`HTTP 429 on ${call}`);
      return this.attempt(request, call).then((response) =>
        this.parseResponse(request as never, response as never),
      ) as never;
    }

    override buildRetryRequest(request: SdkRequest, requestId: string, delayMs: number): SdkRequest {
      // The SDK deep-copies the request; an AbortSignal does not survive a copy.
      const { signal, ...rest } = request;
      return { ...(super.buildRetryRequest(rest as never, requestId, delayMs) as SdkRequest), signal };
    }

    override getRetryDelayMs(response: never): number {
      const delay = super.getRetryDelayMs(response);
      return Number.isFinite(delay) ? Math.max(delay, 0) : 1000;
    }

    override retryRequest(request: SdkRequest, response: never, delayMs: number): Promise<never> {
      const call = callOf(request.method, request.url);
      const again = delayMs <= this.hooks.maxWaitMs;
      this.hooks.onLimit(call, delayMs, again);
      if (!again) return Promise.resolve(response);
      const requestId = this.getOktaRequestId(response);
      return sleep(delayMs, request.signal).then(
        () => this.fetch(this.buildRetryRequest(request, requestId, delayMs)) as never,
      );
    }

    /**
     * One HTTP attempt, its body read, under the attempt's timeout and the caller's signal. Over httpFetch rather than
     * the SDK's node-fetch, which took a fifth of an Okta scan's CPU in a profile (docs/scale.md, session 15); the
     * SDK's agent, when it has one (a proxy), is used.
     */
    private attempt(request: SdkRequest, call: string): Promise<SdkResponse> {
      const limits = { vendor: 'Okta', call: () => call, timeoutMs: this.hooks.timeoutMs, signal: request.signal };
      // httpFetch answers once the whole body is read, so the body is read within the attempt's timeout.
      return timedAttempt(limits, (signal) =>
        httpFetch(request.url ?? '', {
          method: request.method,
          headers: stringHeaders(request.headers),
          body: request.body as string | undefined,
          agent: request.agent as HttpFetchInit['agent'],
          signal,
        }),
      );
    }
  }
  return StewardRequestExecutor;
}

/** The SDK's headers as strings (it may set numbers or leave undefined ones). */
function stringHeaders(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined && value !== null) out[name] = String(value);
  return out;
}

export interface OktaClient {
  sdk: Client;
  orgUrl: string;
  ctx: ScanContext<OktaOptions>;
}

/** The SDK client of one scan (SSWS token or OAuth service app), with the scan's executor and no response cache. */
export function createClient(options: OktaOptions, ctx: ScanContext<OktaOptions>): OktaClient {
  const orgUrl = orgUrlOf(options, ctx.tenant);
  const sdk = oktaSdk();
  executorClass ??= defineExecutor(sdk);
  const requestExecutor = new executorClass(
    {
      metrics: ctx.metrics,
      timeoutMs: options.requestTimeoutMs,
      maxWaitMs: options.maxRateLimitWaitMs,
      onLimit: (call, waitMs, again) =>
        ctx.log.info(
          `Okta rate limit (HTTP 429) on ${call}: ${again ? `waiting ${Math.ceil(waitMs / 1000)}s for X-Rate-Limit-Reset` : `reset in ${Math.ceil(waitMs / 1000)}s is past maxRateLimitWaitMs, giving up`}`,
        ),
    },
    options.maxRetries,
  );
  const auth = options.oauth
    ? {
        authorizationMode: 'PrivateKey',
        clientId: options.oauth.clientId,
        scopes: options.oauth.scopes.join(' '),
        privateKey: options.oauth.privateKey,
        keyId: options.oauth.keyId,
      }
    : { authorizationMode: 'SSWS', token: options.token };
  const client = new sdk.Client({
    orgUrl,
    ...auth,
    requestExecutor,
    cacheMiddleware: null,
    userAgent: 'steward-nhi-scanner',
  } as never);
  return { sdk: client, orgUrl, ctx };
}
