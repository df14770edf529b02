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

/**
 * The HTTP cache of one tenant (table http_cache, migration 014): read one URL at a time (a tenant's cache can hold a
 * few hundred thousand pages, too many to load), written in batches. Callers store bodies already redacted.
 */
export class HttpCacheStore {
  private pending = new Map<string, StoredAnswer>();

  constructor(
    private readonly store: Store,
    private readonly platform: string,
    private readonly tenant: string,
  ) {}

  async get(url: string): Promise<CachedResponse | undefined> {
    const waiting = this.pending.get(url);
    // A fresh copy: the caller may change the body it gets.
    if (waiting) return { etag: waiting.etag, headers: waiting.headers, body: JSON.parse(waiting.bodyJson) };
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
    if (this.pending.size >= FLUSH_EVERY) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
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
    // 100 rows of 7 values per statement: under SQLite's bound-parameter limit on every build.
    await this.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 100) {
        await trx
          .insertInto('http_cache')
          .values(rows.slice(i, i + 100))
          .onConflict((oc) =>
            oc.columns(['platform', 'tenant', 'url']).doUpdateSet((eb) => ({
              etag: eb.ref('excluded.etag'),
              headers: eb.ref('excluded.headers'),
              body: eb.ref('excluded.body'),
              stored_at: eb.ref('excluded.stored_at'),
            })),
          )
          .execute();
      }
    });
  }
}
