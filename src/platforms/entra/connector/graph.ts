import { type Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import { CallProbe, callOf } from './client.js';
import type { EntraOptions } from './options.js';

export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** The HTTP status of a failed Graph call (undefined when no answer came). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { details?: { httpStatus?: number }; statusCode?: number };
  return e.details?.httpStatus ?? e.statusCode;
}

/** Graph's error.code of a failed call (e.g. Authorization_RequestDenied, syncStateNotFound). */
export function codeOf(error: unknown): string | undefined {
  const e = error as { details?: { vendorCode?: string }; code?: string };
  return e.details?.vendorCode ?? e.code;
}

/** A delta token Graph no longer knows: start over with a full sync. */
export function isSyncStateLost(error: unknown): boolean {
  const code = (codeOf(error) ?? '').toLowerCase();
  return (
    statusOf(error) === 410 || code === 'syncstatenotfound' || code === 'resyncrequired' || code.startsWith('resync')
  );
}

/**
 * The error a Graph call failed with, saying where: the transport's own failure (network, timeout, cut body) when
 * there was one, else the SDK's GraphError as a VendorCallError with the call, status and Graph's error code.
 */
function callError(error: unknown, probe: CallProbe, link: string, authFailure: () => VendorCallError | null) {
  if (probe.failure) return probe.failure;
  if (!(error instanceof GraphError)) return error;
  const call = callOf('GET', link);
  if (error.statusCode >= 400)
    return new VendorCallError(
      error.message,
      { kind: 'http', call, httpStatus: error.statusCode, vendorCode: error.code ?? undefined },
      { cause: error },
    );
  // A 2xx whose body did not parse (the SDK reports the parser's error name as the code).
  if (error.statusCode > 0)
    return new VendorCallError(
      `unreadable response body: ${error.message}`,
      { kind: 'malformed', call },
      { cause: error },
    );
  return authFailure() ?? new VendorCallError(error.message, { call }, { cause: error });
}

/**
 * Thin paging/get helpers over the Graph SDK client that count pages, keep raw pages on request, and throw errors
 * that name the call. `bound(signal)` gives the same client under a source's signal (its deadline).
 */
export class Graph {
  constructor(
    private client: Client,
    private ctx: ScanContext<EntraOptions>,
    private authFailure: () => VendorCallError | null = () => null,
    private signal?: AbortSignal,
  ) {}

  bound(signal: AbortSignal): Graph {
    return new Graph(this.client, this.ctx, this.authFailure, signal);
  }

  private async request<T>(link: string, version: 'v1.0' | 'beta' | null): Promise<T> {
    if (this.ctx.signal.aborted) throw new Error('scan was cancelled');
    if (this.signal?.aborted) throw this.signal.reason;
    const probe = new CallProbe(this.signal);
    const request = this.client.api(link).middlewareOptions([probe]);
    if (version) request.version(version);
    try {
      return (await request.get()) as T;
    } catch (error) {
      throw callError(error, probe, link, this.authFailure);
    }
  }

  /** Follows @odata.nextLink verbatim until a page has none; returns the items and the final @odata.deltaLink. */
  async all<T>(
    path: string,
    resource: string,
    version: 'v1.0' | 'beta' = 'v1.0',
  ): Promise<{ items: T[]; deltaLink: string | undefined }> {
    const items: T[] = [];
    const { deltaLink } = await this.each<T>(
      path,
      resource,
      (page) => {
        for (const item of page) items.push(item);
      },
      version,
    );
    return { items, deltaLink };
  }

  /**
   * Streams a collection: `onPage` gets each page's items before the next page is asked for its turn (the next
   * request is already in flight while `onPage` runs, so at most two pages are held). Returns the final deltaLink.
   */
  async each<T>(
    path: string,
    resource: string,
    onPage: (items: T[]) => void | Promise<void>,
    version: 'v1.0' | 'beta' = 'v1.0',
  ): Promise<{ deltaLink: string | undefined }> {
    // Absolute links (nextLink, deltaLink) already carry their version.
    const fetchPage = (link: string): Promise<GraphPage<T>> =>
      this.request<GraphPage<T>>(link, /^https:\/\//.test(link) ? null : version);
    let deltaLink: string | undefined;
    let pending: Promise<GraphPage<T>> | null = fetchPage(path);
    while (pending) {
      const page: GraphPage<T> = await pending;
      this.ctx.metrics.page();
      this.ctx.keepRaw(resource, page);
      const next = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'] ?? deltaLink;
      pending = next ? fetchPage(next) : null;
      // If onPage fails, the prefetched page is abandoned: keep its rejection from going unhandled.
      pending?.catch(() => undefined);
      await onPage(page.value ?? []);
    }
    return { deltaLink };
  }

  /** One object; null when Graph answers 404 (deleted meanwhile). */
  async get<T>(path: string, resource: string, version: 'v1.0' | 'beta' = 'v1.0'): Promise<T | null> {
    try {
      const body = await this.request<T>(path, version);
      this.ctx.keepRaw(resource, body);
      return body;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }
}

/** Runs fn over items with at most n in flight; the first failure rejects (after in-flight work settles). */
export async function inPool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < items.length && failure === null) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  if (failure !== null) throw failure;
}

export const q = encodeURIComponent;

/** Promise.all that lets every task settle (no request left running after a failure), then throws the first error. */
export async function settleAll<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
