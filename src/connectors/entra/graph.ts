import type { Client } from '@microsoft/microsoft-graph-client';
import type { ScanContext } from '../runtime/connector.js';
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
  return statusOf(error) === 410 || code === 'syncstatenotfound' || code === 'resyncrequired' || code.startsWith('resync');
}

/** Thin paging/get helpers over the Graph SDK client that count pages and keep raw pages on request. */
export class Graph {
  constructor(private client: Client, private ctx: ScanContext<EntraOptions>) {}

  /** Follows @odata.nextLink verbatim until a page has none; returns the items and the final @odata.deltaLink. */
  async all<T>(path: string, resource: string, version: 'v1.0' | 'beta' = 'v1.0'): Promise<{ items: T[]; deltaLink: string | undefined }> {
    const items: T[] = [];
    let next: string | undefined = path;
    let deltaLink: string | undefined;
    let first = true;
    while (next) {
      if (this.ctx.signal.aborted) throw new Error('scan was cancelled');
      const request = this.client.api(next);
      if (first && !/^https:\/\//.test(next)) request.version(version);
      const page = (await request.get()) as GraphPage<T>;
      first = false;
      this.ctx.metrics.page();
      this.ctx.keepRaw(resource, page);
      for (const item of page.value ?? []) items.push(item);
      next = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'] ?? deltaLink;
    }
    return { items, deltaLink };
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
