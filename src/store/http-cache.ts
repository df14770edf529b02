import { bulkWrite, columnsExcept, type TableSpec } from './bulk.js';
import type { Store } from './open.js';

/** A GET's last answer kept for conditional requests: its validator, the headers a client needs (pagination), its body. */
export interface CachedResponse {
  etag: string;
  headers: Record<string, string>;
  body: unknown;
}

/** An answer as stored: its body already as JSON (and redacted, by the caller). */
export interface StoredAnswer {
  etag: string;
  headers: Record<string, string>;
  bodyJson: string;
}

const FLUSH_EVERY = 500;
/** Body text (UTF-16 code units) held before a write: pages can be large, so the count alone does not bound memory. */
const FLUSH_TEXT = 8_000_000;

const HTTP_CACHE_COLUMNS = ['platform', 'tenant', 'url', 'etag', 'headers', 'body', 'stored_at'] as const;
const HTTP_CACHE: TableSpec = {
  table: 'http_cache',
  columns: HTTP_CACHE_COLUMNS,
  conflict: {
    target: ['platform', 'tenant', 'url'],
    update: columnsExcept(HTTP_CACHE_COLUMNS, ['platform', 'tenant', 'url']),
  },
};

/**
 * The HTTP cache of one tenant (table http_cache, migration 014): read one URL at a time (a tenant's cache can hold a
 * few hundred thousand pages, too many to load), written in batches. Callers store bodies already redacted.
 *
 * The cache only saves quota, so it never fails a read: a store error on `get` is a miss, on `flush` the batch is
 * dropped (the next scan pays full quota for those pages), and both are reported once through `onError`.
 */
export class HttpCacheStore {
  private pending = new Map<string, StoredAnswer>();
  private pendingText = 0;
  /** Whether the tenant had no cached answer when this run began: a first scan then skips one lookup per GET. */
  private cold: Promise<boolean> | undefined;
  private reported = false;

  constructor(
    private readonly store: Store,
    private readonly platform: string,
    private readonly tenant: string,
    private readonly onError: (action: 'read' | 'write', error: unknown) => void = () => {},
  ) {}

  async get(url: string): Promise<CachedResponse | undefined> {
    const waiting = this.pending.get(url);
    // A fresh copy: the caller may change the body it gets.
    if (waiting) return { etag: waiting.etag, headers: waiting.headers, body: JSON.parse(waiting.bodyJson) };
    try {
      this.cold ??= this.isEmpty();
      if (await this.cold) return undefined;
      return await this.lookUp(url);
    } catch (error) {
      this.report('read', error);
      return undefined;
    }
  }

  private async isEmpty(): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('http_cache')
      .select('url')
      .where('platform', '=', this.platform)
      .where('tenant', '=', this.tenant)
      .limit(1)
      .executeTakeFirst();
    return row === undefined;
  }

  private async lookUp(url: string): Promise<CachedResponse | undefined> {
    const row = await this.store.db
      .selectFrom('http_cache')
      .select(['etag', 'headers', 'body'])
      .where('platform', '=', this.platform)
      .where('tenant', '=', this.tenant)
      .where('url', '=', url)
      .executeTakeFirst();
    if (!row) return undefined;
    return { etag: row.etag, headers: JSON.parse(row.headers), body: JSON.parse(row.body) };
  }

  /** Stores an answer; `bodyJson` is its body as JSON, already redacted. */
  async put(url: string, answer: StoredAnswer): Promise<void> {
    this.pending.set(url, answer);
    this.pendingText += answer.bodyJson.length;
    if (this.pending.size >= FLUSH_EVERY || this.pendingText >= FLUSH_TEXT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    try {
      await this.write();
    } catch (error) {
      this.report('write', error);
    }
  }

  private report(action: 'read' | 'write', error: unknown): void {
    if (this.reported) return;
    this.reported = true;
    this.onError(action, error);
  }

  private async write(): Promise<void> {
    const at = new Date().toISOString();
    const rows = [...this.pending].map(([url, r]) => ({
      platform: this.platform,
      tenant: this.tenant,
      url,
      etag: r.etag,
      headers: JSON.stringify(r.headers),
      body: r.bodyJson,
      stored_at: at,
    }));
    this.pending = new Map();
    this.pendingText = 0;
    await bulkWrite(this.store, [{ kind: 'upsert', spec: HTTP_CACHE, rows }]);
  }
}
