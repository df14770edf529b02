import type { ScanContext } from '../../../sync/connector.js';
import type { GitHubOptions } from './options.js';

interface Response {
  status: number;
  url: string;
  headers: Record<string, string | undefined>;
  data: unknown;
}

interface ConditionalOctokit {
  hook: { wrap(name: 'request', fn: (request: Send, options: Options) => Promise<Response>): void };
  request: { endpoint: { parse(options: Options): { method: string; url: string } } };
}
type Options = Record<string, unknown> & { method?: string; headers?: Record<string, string> };
type Send = (options: Options) => Promise<Response>;

/** The headers a cached body needs when it is used again: the pagination links. */
const KEPT_HEADERS = ['link'];

/**
 * Conditional GETs (docs/scale.md §7): each GET carries the ETag of its last answer (If-None-Match), and a 304 is
 * answered from the tenant's HTTP cache as if GitHub had sent the page again. GitHub does not count a 304 against
 * the rate limit, so an unchanged re-scan costs almost no quota. Registered first of the plugins, so it sits inside
 * the transport (which counts every attempt) and the retries (which never see a 304).
 */
export function conditionalPlugin(octokit: unknown, octokitOptions: { stewardScan?: ScanContext<GitHubOptions> }) {
  const ctx = octokitOptions.stewardScan;
  const cache = ctx?.options.conditionalRequests === false ? undefined : ctx?.httpCache;
  if (!cache) return {};
  const client = octokit as ConditionalOctokit;
  client.hook.wrap('request', async (send, options) => {
    const { method, url } = client.request.endpoint.parse(options);
    if (method !== 'GET') return send(options);
    const cached = await cache.get(url);
    // In place: the hooks inside this one see the options object the chain was called with, not the one passed on.
    const headers = options.headers;
    if (cached) options.headers = { ...headers, 'if-none-match': cached.etag };
    try {
      const response = await send(options);
      const etag = response.headers.etag;
      if (response.status === 200 && etag)
        await cache.put(url, { etag, headers: kept(response.headers), body: response.data });
      return response;
    } catch (error) {
      const answer = (error as { status?: number; response?: Response }).response;
      if (!cached || (error as { status?: number }).status !== 304 || !answer) throw error;
      ctx?.metrics.notModified?.();
      return { status: 200, url: answer.url, headers: { ...answer.headers, ...cached.headers }, data: cached.body };
    } finally {
      options.headers = headers;
    }
  });
  return {};
}

function kept(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
