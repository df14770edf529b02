import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { createAppAuth } from '@octokit/auth-app';
import type { ScanContext } from '../../../sync/connector.js';
import type { GitHubOptions } from './options.js';
import { rateLimits, type RateLimitOptions } from './rate-limits.js';

export const API_VERSION = '2022-11-28';
export const PER_PAGE = 100;

type Hooked = {
  hook: {
    wrap(
      name: 'request',
      fn: (request: (o: RequestOptions) => Promise<unknown>, options: RequestOptions) => Promise<unknown>,
    ): void;
  };
};
interface RequestOptions {
  method?: string;
  url?: string;
  [key: string]: unknown;
}

/**
 * Registered before the retry and rate-limit plugins, so its wrap sits inside them: it sees every HTTP attempt
 * (first tries and retries alike). Counts API calls, and retries as "an attempt for options already attempted".
 */
function metricsPlugin(octokit: unknown, octokitOptions: { stewardScan?: ScanContext<GitHubOptions> }) {
  const ctx = octokitOptions.stewardScan;
  if (!ctx) return {};
  const lastFailure = new WeakMap<object, string>();
  (octokit as Hooked).hook.wrap('request', async (request, options) => {
    const endpoint = `${options.method ?? 'GET'} ${options.url ?? ''}`;
    ctx.metrics.apiCall(endpoint);
    const previous = lastFailure.get(options);
    if (previous !== undefined) ctx.metrics.retry(`${previous} on ${endpoint}`);
    try {
      return await request(options);
    } catch (error) {
      const status = (error as { status?: number }).status;
      lastFailure.set(options, status ? `HTTP ${status}` : (error as Error).message);
      throw error;
    }
  });
  return {};
}

const StewardOctokit = Octokit.plugin(metricsPlugin as never, retry, rateLimits as never);
export type GitHubClient = InstanceType<typeof StewardOctokit>;

/** Builds the Octokit client for one scan: auth (token or App installation), retries, rate limits, metrics. */
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
  return new StewardOctokit({
    ...auth,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'steward-nhi-scanner',
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => ctx.log.warn(m),
      error: (m: string) => ctx.log.warn(m),
    },
    // No per-request AbortSignal: fetch keeps one abort listener per request on a shared signal until GC, which
    // piles up thousands on a large org. Cancellation is checked between pages instead (see pages()).
    request: { retries: options.maxRetries },
    headers: { 'x-github-api-version': API_VERSION, accept: 'application/vnd.github+json' },
    retry: { retries: options.maxRetries, retryAfterBaseValue: unit },
    stewardRateLimits: rateLimitOptions,
    stewardScan: ctx,
  } as never);
}

/**
 * Iterates one paginated GitHub list (Link rel="next", per_page=100), counting pages and keeping raw pages.
 * `{total_count, installations|secrets}` bodies are unwrapped by Octokit. Errors propagate (the scan must fail).
 */
export async function* pages<T>(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  resource: string,
  route: string,
  params: Record<string, unknown>,
): AsyncGenerator<T[]> {
  const iterator = client.paginate.iterator(
    route as never,
    { ...params, per_page: PER_PAGE } as never,
  ) as AsyncIterable<{ data: unknown }>;
  for await (const response of iterator) {
    if (ctx.signal.aborted) throw new Error('scan was cancelled');
    const data = Array.isArray(response.data) ? (response.data as T[]) : [];
    ctx.metrics.page();
    ctx.keepRaw(resource, data);
    yield data;
  }
}

export function httpStatus(error: unknown): number | undefined {
  return (error as { status?: number } | null)?.status;
}
