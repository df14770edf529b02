import { VendorCallError } from '../../../sync/failure.js';
import { callOf, type OktaClient, type SdkResponse } from './client.js';

/**
 * Okta's wire conventions over the SDK's HTTP layer: JSON bodies, `Link: <absolute URL>; rel="next"` paging, Okta
 * error bodies (errorCode, errorSummary) and X-Okta-Request-Id turned into errors that name the call, and a body
 * that does not parse reported as malformed, never as an empty list.
 */

/** One page of a list: its items and the next page's URL (absent on the last page). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** How a list's body holds its items: a plain array (most Okta lists) or an envelope (`{ data, _links }`). */
export type Unwrap<T> = (body: unknown, link: string | null) => Page<T> | null;

export const plainList = <T>(body: unknown, link: string | null): Page<T> | null =>
  Array.isArray(body) ? { items: body as T[], next: link } : null;

/** `{ data: [...], _links: { next: { href } } }` (the workload-principals APIs), else a plain array. */
export const dataList = <T>(body: unknown, link: string | null): Page<T> | null => {
  if (Array.isArray(body)) return { items: body as T[], next: link };
  const b = body as { data?: unknown; _links?: { next?: { href?: unknown } } } | null;
  if (!b || !Array.isArray(b.data)) return null;
  const href = b._links?.next?.href;
  return { items: b.data as T[], next: typeof href === 'string' ? href : link };
};

/** An app's JWKS: a plain array of keys, or `{ jwks: { keys: [...] } }`. */
export const jwksList = <T>(body: unknown, link: string | null): Page<T> | null => {
  if (Array.isArray(body)) return { items: body as T[], next: link };
  const keys = (body as { jwks?: { keys?: unknown } } | null)?.jwks?.keys;
  return Array.isArray(keys) ? { items: keys as T[], next: link } : null;
};

/** The org URL plus a path and query. */
export function urlOf(
  client: OktaClient,
  path: string,
  query: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const q = params.toString();
  return `${client.orgUrl}${path}${q ? `?${q}` : ''}`;
}

interface OktaErrorLike {
  name?: string;
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  message?: string;
  code?: string;
  headers?: { get?(name: string): string | null };
}

/** The SDK's OktaApiError/HttpError (or a connection failure) as an error naming the call, status and code. */
export function vendorError(error: unknown, call: string): unknown {
  const e = error as OktaErrorLike;
  if (!e || typeof e !== 'object' || e.name === 'VendorCallError') return error;
  if (typeof e.status === 'number') {
    const requestId = e.headers?.get?.('x-okta-request-id');
    const code = e.errorCode ? ` ${e.errorCode}` : '';
    const summary = e.errorSummary ? `: ${e.errorSummary}` : '';
    return new VendorCallError(
      `Okta answered ${call} with HTTP ${e.status}${code}${summary}${requestId ? ` (X-Okta-Request-Id ${requestId})` : ''}`,
      { httpStatus: e.status, vendorCode: e.errorCode ?? undefined, call },
      { cause: error },
    );
  }
  if (e.name === 'FetchError')
    return new VendorCallError(
      `no answer from Okta for ${call}: ${e.message}`,
      { kind: 'network', call },
      { cause: error },
    );
  return error;
}

/** The `rel="next"` URL of a Link header; one outside the org is refused (the token must not leave the org). */
export function nextLink(header: string | null, orgUrl: string, call: string): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    const next = new URL(m[1], orgUrl);
    if (next.origin !== new URL(orgUrl).origin)
      throw new VendorCallError(`Okta answered ${call} with a next link outside the org (${next.origin})`, {
        kind: 'malformed',
        call,
      });
    return next.toString();
  }
  return null;
}

/** One GET through the SDK: the parsed JSON body and the Link header's next URL. */
export async function getJson(
  client: OktaClient,
  url: string,
  signal?: AbortSignal,
): Promise<{ body: unknown; link: string | null; call: string }> {
  const call = callOf('GET', url);
  let response: SdkResponse;
  try {
    response = (await client.sdk.http.http(url, {
      method: 'get',
      headers: { Accept: 'application/json' },
      signal,
    } as never)) as unknown as SdkResponse;
  } catch (error) {
    throw vendorError(error, call);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new VendorCallError(
      `Okta answered ${call} with a malformed body`,
      { kind: 'malformed', call },
      { cause: error },
    );
  }
  return { body, link: nextLink(response.headers.get('link'), client.orgUrl, call), call };
}

/**
 * Iterates a paged Okta list from its first URL, following next links (Link header or envelope) until there is
 * none or a page comes back empty. Counts pages and keeps raw pages (`--keep-raw`).
 */
export async function* pages<T>(
  client: OktaClient,
  resource: string,
  firstUrl: string,
  signal?: AbortSignal,
  unwrap: Unwrap<T> = plainList,
): AsyncGenerator<T[]> {
  let url: string | null = firstUrl;
  while (url) {
    if (client.ctx.signal.aborted) throw new Error('scan was cancelled');
    const answer = await getJson(client, url, signal);
    const page = unwrap(answer.body, answer.link);
    if (!page)
      throw new VendorCallError(`Okta answered ${answer.call} with no list`, { kind: 'malformed', call: answer.call });
    client.ctx.metrics.page();
    client.ctx.keepRaw(resource, page.items);
    if (page.items.length > 0) yield page.items;
    url = page.items.length > 0 ? page.next : null;
  }
}

/** Every item of a (short) paged list, e.g. one app's secrets. */
export async function listAll<T>(
  client: OktaClient,
  resource: string,
  url: string,
  signal?: AbortSignal,
  unwrap: Unwrap<T> = plainList,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages(client, resource, url, signal, unwrap)) out.push(...page);
  return out;
}

/** A paged list read one page per call, so that each page can be read under its own source read (and deadline). */
export class Pager<T> {
  private url: string | null;

  constructor(
    private readonly client: OktaClient,
    private readonly resource: string,
    firstUrl: string,
    private readonly unwrap: Unwrap<T> = plainList,
  ) {
    this.url = firstUrl;
  }

  /** The next page, or null when the list has ended. */
  async next(signal: AbortSignal): Promise<T[] | null> {
    if (!this.url) return null;
    const answer = await getJson(this.client, this.url, signal);
    const page = this.unwrap(answer.body, answer.link);
    if (!page)
      throw new VendorCallError(`Okta answered ${answer.call} with no list`, { kind: 'malformed', call: answer.call });
    this.client.ctx.metrics.page();
    this.client.ctx.keepRaw(this.resource, page.items);
    this.url = page.items.length > 0 ? page.next : null;
    return page.items;
  }
}
