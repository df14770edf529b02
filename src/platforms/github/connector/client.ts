import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { createAppAuth } from '@octokit/auth-app';
import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import type { GitHubOptions } from './options.js';
import { httpFetch } from '../../../sync/http-fetch.js';
import { conditionalPlugin } from './conditional.js';
import { rateLimits, type RateLimitOptions } from './rate-limits.js';
import { attemptWithTimeout, failureLabel, noAnswer, type Hooked } from './transport.js';

export const API_VERSION = '2022-11-28';
export const PER_PAGE = 100;
/** `GET /path - 304 with id … in 8ms`, as @octokit/plugin-request-log words a conditional request's "not modified". */
const NOT_MODIFIED_LINE = / - 304 with id \S+ in \d+ms$/;

interface TransportOptions {
  stewardScan?: ScanContext<GitHubOptions>;
  stewardTimeoutMs?: number;
}

/**
 * Registered first, so its wrap sits inside the retry and rate-limit plugins: it sees every HTTP attempt (first tries
 * and retries alike). Counts API calls, and retries as "an attempt for options already attempted"; gives each
 * attempt its timeout and the caller's signal (transport.ts).
 */
function transportPlugin(octokit: unknown, octokitOptions: TransportOptions) {
  const ctx = octokitOptions.stewardScan;
  const timeoutMs = octokitOptions.stewardTimeoutMs ?? 30_000;
  const lastFailure = new WeakMap<object, string>();
  (octokit as Hooked).hook.wrap('request', async (request, options) => {
    const endpoint = `${options.method ?? 'GET'} ${options.url ?? ''}`;
    ctx?.metrics.apiCall(endpoint);
    const previous = lastFailure.get(options);
    if (previous !== undefined) ctx?.metrics.retry(`${previous} on ${endpoint}`);
    try {
      return await attemptWithTimeout(request, options, timeoutMs);
    } catch (error) {
      lastFailure.set(options, failureLabel(error));
      throw error;
    }
  });
  return {};
}

/**
 * Registered last, so it sits outside the retries: a request that never got an HTTP answer (refused, reset, DNS,
 * TLS), which Octokit reports as "HTTP 500", leaves as a network error once its retries are spent.
 */
function noAnswerPlugin(octokit: unknown) {
  (octokit as Hooked).hook.wrap('request', async (request, options) => {
    try {
      return await request(options);
    } catch (error) {
      throw noAnswer(error);
    }
  });
  return {};
}

const StewardOctokit = Octokit.plugin(
  conditionalPlugin as never,
  transportPlugin as never,
  retry,
  rateLimits as never,
  noAnswerPlugin as never,
);
export type GitHubClient = InstanceType<typeof StewardOctokit>;

/** Builds the Octokit client for one scan: auth (token or App installation), timeouts, retries, rate limits, metrics. */
export function createClient(options: GitHubOptions, ctx: ScanContext<GitHubOptions>): GitHubClient {
  const unit = options.backoffUnitMs;
  const auth = options.app
    ? {
        authStrategy: createAppAuth,
        auth: {
          appId: options.app.appId,
          privateKey: options.app.privateKey,
          installationId: options.app.installationId,
        },
      }
    : { auth: options.token };
  const rateLimitOptions: RateLimitOptions = {
    maxConcurrent: options.maxConcurrentRequests,
    maxRetries: options.maxRetries,
    unitMs: unit,
    onLimit: (kind, retryAfter, req, again) =>
      ctx.log.info(
        `${kind} rate limit on ${req.method} ${req.url}: ${again ? `waiting ${retryAfter}s then retrying` : 'giving up'}`,
      ),
  };
  const client = new StewardOctokit({
    ...auth,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'steward-nhi-scanner',
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => ctx.log.warn(m),
      // Octokit's request log reports a 304 as an error; the conditional plugin answers it from the cache.
      error: (m: string) => (NOT_MODIFIED_LINE.test(m) ? undefined : ctx.log.warn(m)),
    },
    request: { retries: options.maxRetries, fetch: httpFetch },
    retry: { retries: options.maxRetries, retryAfterBaseValue: unit },
    stewardRateLimits: rateLimitOptions,
    stewardScan: ctx,
    stewardTimeoutMs: options.requestTimeoutMs,
  } as never);
  // Octokit's constructor has no `headers` option (it was silently dropped): the API version goes on every request.
  client.request = client.request.defaults({
    headers: { 'x-github-api-version': API_VERSION, accept: 'application/vnd.github+json' },
  });
  return client;
}

const signalled = new WeakMap<GitHubClient, WeakMap<AbortSignal, GitHubClient['request']>>();

/**
 * `client.request` whose every call carries `signal` (a source's deadline): the transport aborts on it. One per
 * client and signal, since a per-repository source asks for it once per repository.
 */
export function withSignal(client: GitHubClient, signal: AbortSignal | undefined): GitHubClient['request'] {
  if (!signal) return client.request;
  const bySignal = signalled.get(client) ?? new WeakMap<AbortSignal, GitHubClient['request']>();
  signalled.set(client, bySignal);
  const request = bySignal.get(signal) ?? client.request.defaults({ request: { signal } });
  bySignal.set(signal, request);
  return request;
}

/**
 * Iterates one paginated GitHub list (Link rel="next", per_page=100), counting pages and keeping raw pages.
 * `{total_count, installations|secrets}` bodies are unwrapped by Octokit. Errors propagate to the source's reader;
 * a page that is not a list is a malformed answer, never an empty one.
 */
export async function* pages<T>(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  resource: string,
  route: string,
  params: Record<string, unknown>,
  signal?: AbortSignal,
): AsyncGenerator<T[]> {
  const [method, url] = route.split(' ');
  const iterator = client.paginate.iterator(
    withSignal(client, signal) as never,
    { method, url, ...params, per_page: PER_PAGE } as never,
  ) as AsyncIterable<{ data: unknown; url: string }>;
  for await (const response of iterator) {
    if (ctx.signal.aborted) throw new Error('scan was cancelled');
    if (!Array.isArray(response.data))
      throw new VendorCallError(`GitHub answered ${route} with no list`, {
        kind: 'malformed',
        call: `${method} ${response.url}`,
      });
    const data = response.data as T[];
    ctx.metrics.page();
    ctx.keepRaw(resource, data);
    yield data;
  }
}
