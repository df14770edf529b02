import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Identity, OWNER_SOURCES, PLATFORM_IDS } from '../model/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { collectBatches, type IdentityView, iterateIdentityViews, listIdentityViews, type Store } from './index.js';
import { writeIdentities } from './inventory-writer.js';

/**
 * Identity views are read two ways: SQLite reads pages of the whole store (or of a platform, tenant or id range)
 * natively, as raw rows; every other filter, and PostgreSQL, reads through the query builder. Both must give the
 * same views: the builder path (an `ids` filter) is the reference the native one is compared with.
 */
const [first, second] = PLATFORM_IDS;
const CLAIM = {
  ref: 'alice@example.com',
  refType: 'email',
  source: OWNER_SOURCES[0],
  confidence: 0.9,
  evidence: 'tag owner',
} as const;
const identity = (platform: string, n: number, over: Partial<Record<string, unknown>> = {}) =>
  Identity.parse({
    id: `${platform}:acme:key-${n}`,
    platform,
    tenant: 'acme',
    kind: n % 2 ? 'api_key' : 'service_account',
    nativeType: 'key',
    nativeId: `key-${n}`,
    name: `deploy key ${n}`,
    createdAt: '2025-03-01T00:00:00.000Z',
    enabled: n !== 3,
    publisher: n === 2 ? { name: 'Vendor', verified: true, domain: 'vendor.example' } : null,
    attributes: { team: `t${n}`, nested: { depth: n } },
    ownerClaims: n === 1 ? [CLAIM] : [],
    credentials: Array.from({ length: n % 3 }, (_, k) => ({
      id: `${platform}:acme:key-${n}:cred-${k}`,
      type: 'access_key',
      name: `key ${k}`,
      fingerprint: `fp-${n}-${k}`,
      attributes: { k },
    })),
    permissions: Array.from({ length: n % 4 }, (_, k) => ({
      nativeName: `perm-${k}`,
      resource: `repo/${n}`,
      access: k === 0 ? 'admin' : 'read',
      pathToAdmin: k === 0,
      attributes: { order: k },
    })),
    ...over,
  });

describe.each(ENGINES)('identity views on %s', (engine) => {
  let store: Store;
  let all: IdentityView[];
  beforeAll(async () => {
    store = await openTestStore(engine);
    const now = '2026-01-01T00:00:00.000Z';
    await writeIdentities(
      store,
      [1, 2, 3, 4, 5, 6, 7].map((n) => identity(first, n)),
      'run-1',
      now,
    );
    await writeIdentities(
      store,
      [1, 2, 3].map((n) => identity(second, n)),
      'run-2',
      now,
    );
    await store.db
      .insertInto('people')
      .values({
        id: 'hr:acme:alice',
        source: 'hr',
        tenant: 'acme',
        native_id: 'alice',
        email: 'alice@example.com',
        name: 'Alice',
        login: 'alice',
        status: 'departed',
        departed_at: '2025-12-01T00:00:00.000Z',
        manager_email: null,
        team: null,
        department: null,
        attributes: '{}',
        first_seen: now,
        last_seen: now,
        sync_run_id: 'run-1',
      })
      .execute();
    await store.db
      .insertInto('ownership')
      .values([
        {
          identity_id: `${first}:acme:key-1`,
          owner_person_id: 'hr:acme:alice',
          owner_email: 'alice@example.com',
          owner_team: null,
          source: 'tag',
          confidence: 0.9,
          candidates: '[]',
          computed_at: now,
        },
        {
          identity_id: `${second}:acme:key-2`,
          owner_person_id: null,
          owner_email: null,
          owner_team: 'platform',
          source: 'manual',
          confidence: 1,
          candidates: '[]',
          computed_at: now,
        },
      ])
      .execute();
    all = await listIdentityViews(store, {});
  });
  afterAll(() => store.close());

  it('reads each view whole: identity, owner (with the person), credentials and permissions in order', () => {
    expect(all).toHaveLength(10);
    const owned = all.find((v) => v.id === `${first}:acme:key-1`);
    expect(owned?.owner).toEqual({
      personId: 'hr:acme:alice',
      email: 'alice@example.com',
      team: null,
      source: 'tag',
      confidence: 0.9,
      status: 'departed',
      login: 'alice',
      name: 'Alice',
    });
    expect(owned?.ownerClaims).toEqual([CLAIM]);
    expect(owned?.credentials.map((c) => [c.id, c.fingerprint, c.attributes])).toEqual([
      [`${first}:acme:key-1:cred-0`, 'fp-1-0', { k: 0 }],
    ]);
    const seven = all.find((v) => v.id === `${first}:acme:key-7`);
    expect(seven?.permissions.map((p) => [p.nativeName, p.access, p.pathToAdmin, p.attributes])).toEqual([
      ['perm-0', 'admin', true, { order: 0 }],
      ['perm-1', 'read', false, { order: 1 }],
      ['perm-2', 'read', false, { order: 2 }],
    ]);
    const team = all.find((v) => v.id === `${second}:acme:key-2`);
    expect(team?.owner).toMatchObject({ personId: null, team: 'platform', status: null });
    expect(team?.publisher).toEqual({ name: 'Vendor', verified: true, domain: 'vendor.example' });
    expect(all.find((v) => v.id === `${first}:acme:key-3`)?.enabled).toBe(false);
    expect(all.find((v) => v.id === `${first}:acme:key-4`)?.owner).toBeNull();
  });

  it('pages of the whole store, of a platform and of an id range equal what the query builder reads', async () => {
    const byIds = (ids: string[]) => listIdentityViews(store, { ids });
    expect(await byIds(all.map((v) => v.id))).toEqual(all);
    // Pages of three: credentials and permissions stay with their identity across page boundaries.
    expect(await collectBatches(iterateIdentityViews(store, {}, 3))).toEqual(all);
    const ofSecond = all.filter((v) => v.platform === second);
    expect(await listIdentityViews(store, { platform: second, tenant: 'acme' })).toEqual(ofSecond);
    const range = { after: all[2].id, upTo: all[6].id };
    const inRange = await collectBatches(iterateIdentityViews(store, { idRange: range }, 2));
    expect(inRange.map((v) => v.id)).toEqual(all.slice(3, 7).map((v) => v.id));
    expect(inRange).toEqual(await byIds(all.slice(3, 7).map((v) => v.id)));
  });
});
