import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Identity, PLATFORM_IDS } from '../model/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { type Store, writeIdentities } from './index.js';

/** A scan writes the vendor's own last-use field; it must never move back a newer last use taken from activity. */
const platform = PLATFORM_IDS[0];
const id = `${platform}:acme:key-1`;
const scanned = (lastUsedAt: string | null) =>
  Identity.parse({
    id,
    platform,
    tenant: 'acme',
    kind: 'api_key',
    nativeType: 'key',
    nativeId: 'key-1',
    name: 'deploy key',
    lastUsedAt,
    lastUsedSource: lastUsedAt ? 'vendor' : null,
    credentials: [
      {
        id: `${id}:cred`,
        type: 'access_key',
        name: 'key',
        lastUsedAt,
        lastUsedSource: lastUsedAt ? 'vendor' : null,
      },
    ],
    permissions: [],
  });

describe.each(ENGINES)('last use across scans and activity on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(() => store.close());

  const storedCredential = async () =>
    store.db
      .selectFrom('credentials')
      .select(['last_used_at', 'last_used_source'])
      .where('id', '=', `${id}:cred`)
      .executeTakeFirstOrThrow();
  const stored = async () =>
    store.db
      .selectFrom('identities')
      .select(['last_used_at', 'last_used_source'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('keeps the newer of the stored and the scanned value, with its source', async () => {
    await writeIdentities(store, [scanned('2026-01-01T00:00:00.000Z')], 'run-1', '2026-01-02T00:00:00.000Z');
    expect(await stored()).toEqual({ last_used_at: '2026-01-01T00:00:00.000Z', last_used_source: 'vendor' });
    // An events import found a later use (what src/monitoring/last-used.ts writes).
    for (const table of ['identities', 'credentials'] as const)
      await store.db
        .updateTable(table)
        .set({ last_used_at: '2026-03-01T00:00:00.000Z', last_used_source: 'cloudtrail' })
        .where('id', '=', table === 'identities' ? id : `${id}:cred`)
        .execute();
    await writeIdentities(store, [scanned('2026-02-01T00:00:00.000Z')], 'run-2', '2026-03-02T00:00:00.000Z');
    expect(await stored()).toEqual({ last_used_at: '2026-03-01T00:00:00.000Z', last_used_source: 'cloudtrail' });
    expect(await storedCredential()).toEqual({
      last_used_at: '2026-03-01T00:00:00.000Z',
      last_used_source: 'cloudtrail',
    });
    await writeIdentities(store, [scanned(null)], 'run-3', '2026-03-03T00:00:00.000Z');
    expect(await stored()).toEqual({ last_used_at: '2026-03-01T00:00:00.000Z', last_used_source: 'cloudtrail' });
    expect(await storedCredential()).toEqual({
      last_used_at: '2026-03-01T00:00:00.000Z',
      last_used_source: 'cloudtrail',
    });
    await writeIdentities(store, [scanned('2026-04-01T00:00:00.000Z')], 'run-4', '2026-04-02T00:00:00.000Z');
    expect(await stored()).toEqual({ last_used_at: '2026-04-01T00:00:00.000Z', last_used_source: 'vendor' });
    expect(await storedCredential()).toEqual({ last_used_at: '2026-04-01T00:00:00.000Z', last_used_source: 'vendor' });
  });
});
