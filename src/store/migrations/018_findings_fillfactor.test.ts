import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../testing/store.js';
import type { Store } from '../index.js';

describe('migration 018_findings_fillfactor', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('leaves half of each new findings page free on PostgreSQL, for last_seen updates beside the row', async () => {
    store = await openTestStore('postgres');
    const { rows } = await sql<{ reloptions: string[] | null }>`
      select reloptions from pg_class where relname = 'findings' and relkind = 'r'`.execute(store.db);
    expect(rows).toEqual([{ reloptions: ['fillfactor=50'] }]);
  });
});
