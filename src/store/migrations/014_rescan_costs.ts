import type { Kysely } from 'kysely';

/**
 * Re-scans that cost what changed (docs/scale.md §7). Conditional requests: the last answer of each GET a connector
 * made with a validator (ETag), so a re-scan can ask "changed since?" and a 304 is served from here — on GitHub a 304
 * does not count against the rate limit; bodies are stored with secrets redacted; per run, how many requests were
 * answered 304. And a content hash per identity, so an unchanged one is only marked seen, not rewritten. Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('http_cache')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('http_cache_pk', ['platform', 'tenant', 'url'])
    .execute();
  await db.schema.alterTable('identities').addColumn('content_hash', 'text').execute();
  await db.schema
    .alterTable('sync_runs')
    .addColumn('not_modified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
