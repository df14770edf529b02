import pg from 'pg';
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../model/index.js';
import { plainIdentity } from '../../testing/identities.js';
import { createTestDatabase } from '../../testing/pg.js';
import { openStore, sweepUnseen, writeIdentities } from '../index.js';

const platform = PLATFORM_IDS[0];

/** The identities table's update counters, once the backends that wrote have reported them (at their exit). */
async function updateCounts(url: string, expected: number): Promise<{ updated: number; heapOnly: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      const { rows } = await client.query(
        `select n_tup_upd::int as updated, n_tup_hot_upd::int as "heapOnly"
           from pg_stat_user_tables where relname = 'identities'`,
      );
      if (rows[0].updated >= expected || attempt === 50) return rows[0];
      await sleep(100);
      await client.query('select pg_stat_clear_snapshot()');
    }
  } finally {
    await client.end();
  }
}

describe('migration 019_identities_seen_in_place (PostgreSQL)', () => {
  it('a re-scan that finds identities unchanged marks them seen on their own page; the sweep still finds the unseen', async () => {
    const url = await createTestDatabase();
    const store = await openStore(url);
    try {
      const { rows } = await sql<{ reloptions: string[] | null; sweep: string }>`
        select c.reloptions, pg_get_indexdef('identities_sweep'::regclass) as sweep
          from pg_class c where c.relname = 'identities' and c.relkind = 'r'`.execute(store.db);
      expect(rows[0].reloptions).toEqual(['fillfactor=50']);
      expect(rows[0].sweep).toMatch(/\(platform, tenant, scope\)$/);

      const ten = Array.from({ length: 10 }, (_, i) => plainIdentity(`bot-${i}`, `deploy bot ${i}`));
      await writeIdentities(store, ten, 'run-1', '2026-01-01T00:00:00.000Z');
      await writeIdentities(store, ten.slice(0, 9), 'run-2', '2026-01-02T00:00:00.000Z');
      const gone = await sweepUnseen(store, {
        platform,
        tenant: 'acme',
        runId: 'run-2',
        scope: null,
        nativeTypes: ['bot'],
        people: false,
        now: '2026-01-02T00:00:00.000Z',
      });
      expect(gone).toBe(1);
    } finally {
      await store.close();
    }
    // Nine "seen again" updates, all beside their row; then the sweep's one (gone_at is in an index: not in place).
    expect(await updateCounts(url, 10)).toEqual({ updated: 10, heapOnly: 9 });
  });
});
