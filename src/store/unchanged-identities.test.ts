import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Identity, PLATFORM_IDS } from '../model/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { type Store, sweepUnseen, writeIdentities } from './index.js';

/**
 * A re-scan that finds an identity exactly as stored only marks it seen (last_seen, run): its row, credentials and
 * permissions are not rewritten. Anything different — a field, a credential, a permission, its scope, being gone —
 * is written in full.
 */
const platform = PLATFORM_IDS[0];
const identity = (n: number, over: Partial<Record<string, unknown>> = {}) =>
  Identity.parse({
    id: `${platform}:acme:key-${n}`,
    platform,
    tenant: 'acme',
    kind: 'api_key',
    nativeType: 'key',
    nativeId: `key-${n}`,
    name: `deploy key ${n}`,
    credentials: [{ id: `${platform}:acme:key-${n}:cred`, type: 'access_key', name: 'key' }],
    permissions: [{ nativeName: 'repo:read', resource: 'repo/x', access: 'read' }],
    ...over,
  });

describe.each(ENGINES)('identities unchanged since the last write on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(() => store.close());

  const row = (n: number) =>
    store.db
      .selectFrom('identities')
      .select(['name', 'last_seen', 'sync_run_id', 'first_seen', 'content_hash'])
      .where('id', '=', `${platform}:acme:key-${n}`)
      .executeTakeFirstOrThrow();
  const credentialRun = async (n: number) =>
    (
      await store.db
        .selectFrom('credentials')
        .select('sync_run_id')
        .where('identity_id', '=', `${platform}:acme:key-${n}`)
        .executeTakeFirstOrThrow()
    ).sync_run_id;

  it('an unchanged identity is marked seen, not rewritten; a changed one is rewritten', async () => {
    await writeIdentities(store, [identity(1), identity(2), identity(3)], 'run-1', '2026-01-01T00:00:00.000Z');
    expect((await row(1)).content_hash).toMatch(/\S{20,}/);
    await writeIdentities(
      store,
      [
        identity(1),
        identity(2, { name: 'renamed' }),
        identity(3, { credentials: [{ id: `${platform}:acme:key-3:cred2`, type: 'access_key', name: 'new key' }] }),
      ],
      'run-2',
      '2026-01-02T00:00:00.000Z',
    );
    expect(await row(1)).toMatchObject({
      last_seen: '2026-01-02T00:00:00.000Z',
      sync_run_id: 'run-2',
      first_seen: '2026-01-01T00:00:00.000Z',
    });
    // Not rewritten: its credential still carries the run that wrote it.
    expect(await credentialRun(1)).toBe('run-1');
    expect(await row(2)).toMatchObject({ name: 'renamed', sync_run_id: 'run-2' });
    expect(await credentialRun(2)).toBe('run-2');
    expect(await credentialRun(3)).toBe('run-2');
    const creds3 = await store.db
      .selectFrom('credentials')
      .select('id')
      .where('identity_id', '=', `${platform}:acme:key-3`)
      .execute();
    expect(creds3.map((c) => c.id)).toEqual([`${platform}:acme:key-3:cred2`]);
  });

  it('a seen-again identity is not swept; one gone and back, or in another scope, is written in full', async () => {
    await writeIdentities(store, [identity(4), identity(5)], 'run-3', '2026-01-03T00:00:00.000Z');
    await writeIdentities(store, [identity(4)], 'run-4', '2026-01-04T00:00:00.000Z');
    const gone = await sweepUnseen(store, {
      platform,
      tenant: 'acme',
      runId: 'run-4',
      now: '2026-01-04T00:00:00.000Z',
      scope: null,
      nativeTypes: ['key'],
      people: false,
    });
    // Everything but key-4 was not seen by run-4 (keys 1, 2, 3 and 5).
    expect(gone).toBe(4);
    const gone4 = await store.db
      .selectFrom('identities')
      .select('gone_at')
      .where('id', '=', identity(4).id)
      .executeTakeFirstOrThrow();
    expect(gone4.gone_at).toBeNull();
    // key-5 is back, unchanged: it must be present again, not just "seen".
    await writeIdentities(store, [identity(5)], 'run-5', '2026-01-05T00:00:00.000Z');
    const back = await store.db
      .selectFrom('identities')
      .select(['gone_at', 'sync_run_id'])
      .where('id', '=', identity(5).id)
      .executeTakeFirstOrThrow();
    expect(back).toEqual({ gone_at: null, sync_run_id: 'run-5' });
    expect(await credentialRun(5)).toBe('run-5');
    // The same record under a sub-scope (a split tenant): rewritten, so it moves to that scope.
    await writeIdentities(store, [identity(5)], 'run-6', '2026-01-06T00:00:00.000Z', 'repos:0/2');
    const scoped = await store.db
      .selectFrom('identities')
      .select(['scope'])
      .where('id', '=', identity(5).id)
      .executeTakeFirstOrThrow();
    expect(scoped.scope).toBe('repos:0/2');
    expect(await credentialRun(5)).toBe('run-6');
  });
});
