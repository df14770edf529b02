import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainIdentity } from '../testing/identities.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { identityTextMatches, listIdentityViews, type Store, writeIdentities } from './index.js';

const identity = plainIdentity;

describe.each(ENGINES)('identity text search on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await writeIdentities(
      store,
      [identity('ID-100', 'Billing Export'), identity('id-200', 'deploy-bot'), identity('id-300', 'Backup')],
      'run-1',
      '2026-11-01T00:00:00.000Z',
    );
  });
  afterAll(() => store.close());

  const names = async (text: string) =>
    (await listIdentityViews(store, { text })).map((v) => v.name).sort((a, b) => a.localeCompare(b));

  it('matches a substring of the name or of the id, whatever the case', async () => {
    expect(await names('BILLING')).toEqual(['Billing Export']);
    expect(await names('id-200')).toEqual(['deploy-bot']);
    expect(await names('acme:id')).toEqual(['Backup', 'Billing Export', 'deploy-bot']);
    expect(await names('b')).toEqual(['Backup', 'Billing Export', 'deploy-bot']);
    expect(await names('zzz')).toEqual([]);
  });

  it.runIf(engine === 'postgres')('is answered from the trigram index when few identities match', async () => {
    const plan = await store.db.transaction().execute(async (tx) => {
      // Three rows: without this the planner rightly prefers a scan; the question is whether the index CAN serve.
      for (const scan of ['seqscan', 'indexscan', 'indexonlyscan'])
        await sql.raw(`set local enable_${scan} = off`).execute(tx);
      const { rows } = await sql<{
        'QUERY PLAN': string;
      }>`explain select id from identities i where ${identityTextMatches('i', 'zzz')}`.execute(tx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('identities_search');
  });
});
