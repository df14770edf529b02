import type { Client } from '@microsoft/microsoft-graph-client';
import type { ScanContext } from '../../../sync/connector.js';
import type { EntraOptions } from './options.js';

export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

export function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** A delta token Graph no longer knows: start over with a full sync. */
export function isSyncStateLost(error: unknown): boolean {
  const code = (codeOf(error) ?? '').toLowerCase();
  return (
    statusOf(error) === 410 || code === 'syncstatenotfound' || code === 'resyncrequired' || code.startsWith('resync')
  );
}

/** Thin paging/get helpers over the Graph SDK client that count pages and keep raw pages on request. */
export class Graph {
  constructor(
    private client: Client,
    private ctx: ScanContext<EntraOptions>,
  ) {}

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
    const fetchPage = (link: string, first: boolean): Promise<GraphPage<T>> => {
      if (this.ctx.signal.aborted) return Promise.reject(new Error('scan was cancelled'));
      const request = this.client.api(link);
      if (first && !/^https:\/\//.test(link)) request.version(version);
      return request.get() as Promise<GraphPage<T>>;
    };
    let deltaLink: string | undefined;
    let pending: Promise<GraphPage<T>> | null = fetchPage(path, true);
    while (pending) {
      const page: GraphPage<T> = await pending;
      this.ctx.metrics.page();
      this.ctx.keepRaw(resource, page);
      const next = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'] ?? deltaLink;
      pending = next ? fetchPage(next, false) : null;
      // If onPage fails, the prefetched page is abandoned: keep its rejection from going unhandled.
      pending?.catch(() => undefined);
      await onPage(page.value ?? []);
    }
    return { deltaLink };
  }

  /** One object; null when Graph answers 404 (deleted meanwhile). */
  async get<T>(path: string, resource: string, version: 'v1.0' | 'beta' = 'v1.0'): Promise<T | null> {
    try {
      const body = (await this.client.api(path).version(version).get()) as T;
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
