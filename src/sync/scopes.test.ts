import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../lib/clock.js';
import { identityId, type IdentityInput, nativeTypeFacts, type PlatformId } from '../model/index.js';
import { listSyncRuns, type Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import type { AnyConnector, ScanContext } from './connector.js';
import { runSync, splitJobs, type TenantJob } from './engine.js';

/**
 * Sub-scopes of a split tenant in the sync engine and the store (docs/scale.md §5), with a connector defined for
 * these tests: records belong to scope `part:k/N` by their number (n mod N); `parts: 1` = not split.
 * A complete scoped run sweeps only its own scope, a failed one sweeps nothing, rows of an unsplit run ('') are swept
 * only once every scope has completed, and an unsplit run still sweeps the whole tenant.
 */
interface Vendor {
  numbers: number[];
  /** Scopes whose listing fails half-way. */
  failing?: string[];
}
let vendor: Vendor = { numbers: [] };

const Options = z.object({ parts: z.number().int().min(1).default(1) }).strict();
type Options = z.output<typeof Options>;
const scopeOf = (n: number, parts: number) => `part:${n % parts}/${parts}`;

const fake: AnyConnector = {
  platform: 'github',
  title: 'fake split',
  facts: { thing: nativeTypeFacts({ identity: {} }) },
  optionsSchema: Options,
  scopes: (o: Options) => (o.parts > 1 ? Array.from({ length: o.parts }, (_, k) => `part:${k}/${o.parts}`) : undefined),
  sources: [
    { id: 'things', title: 'things', endpoints: ['GET /things'], permission: '-', required: true, lists: ['thing'] },
    { id: 'people', title: 'people', endpoints: ['GET /people'], permission: '-', required: false, people: true },
  ],
  secretFields: [],
  async scan(ctx: ScanContext<Options>) {
    const mine = vendor.numbers.filter((n) => ctx.scope === null || scopeOf(n, ctx.options.parts) === ctx.scope);
    let sent = 0;
    await ctx.sources.read('things', async () => {
      for (const n of mine) {
        if (ctx.scope && vendor.failing?.includes(ctx.scope) && sent >= mine.length / 2)
          throw new Error('HTTP 502 half-way');
        await ctx.sink.identity(ident(n));
        sent++;
      }
    });
    if (ctx.scope === null || ctx.scope.startsWith('part:0/')) {
      await ctx.sources.read('people', () =>
        ctx.sink.person({
          id: 'github:acme:person:1',
          source: 'github',
          tenant: 'acme',
          nativeId: '1',
          email: 'ada@acme.test',
          status: 'active',
        }),
      );
    }
    ctx.state.set('cursor', `after-${ctx.scope ?? 'all'}`);
    return { mode: 'full' };
  },
};
const connectors = (p: PlatformId) => (p === 'github' ? fake : undefined);

function ident(n: number): IdentityInput {
  const id = identityId('github', 'acme', 'thing', n);
  return {
    id,
    platform: 'github',
    tenant: 'acme',
    kind: 'deploy_key',
    nativeType: 'thing',
    nativeId: String(n),
    name: `thing-${n}`,
    credentials: [{ id: `${id}#key`, type: 'ssh_key', fingerprint: `fp-${n}` }],
    permissions: [{ nativeName: 'read', access: 'read', sensitivity: 'low' }],
  };
}

const job = (parts: number, scope: string | null = null): TenantJob => ({
  platform: 'github',
  tenant: 'acme',
  options: { parts },
  configPath: 'tenants[0]',
  scope,
});
let minute = 0;
/** Each run starts a minute after the previous one (the retired-scope sweep compares start times). */
async function run(store: Store, ...jobs: TenantJob[]) {
  minute++;
  return runSync(jobs, {
    store,
    connectors,
    clock: fixedClock(new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString()),
    concurrency: jobs.length,
  });
}

async function rows(store: Store) {
  // Current identities only: what a sweep finds gone is kept with gone_at (and its credentials), not deleted.
  const ids = await store.db
    .selectFrom('identities')
    .select(['native_id', 'scope', 'sync_run_id'])
    .where('gone_at', 'is', null)
    .execute();
  const creds = await store.db.selectFrom('credentials').select(['identity_id', 'scope']).execute();
  const perms = await store.db.selectFrom('permissions').select(['identity_id', 'scope']).execute();
  const people = await store.db.selectFrom('people').select(['id', 'scope']).execute();
  return {
    numbers: ids.map((r) => Number(r.native_id)).sort((a, b) => a - b),
    scopeOf: new Map(ids.map((r) => [Number(r.native_id), r.scope])),
    runOf: new Map(ids.map((r) => [Number(r.native_id), r.sync_run_id])),
    credentialScopes: new Map(creds.map((r) => [r.identity_id, r.scope])),
    permissionScopes: new Map(perms.map((r) => [r.identity_id, r.scope])),
    people,
  };
}

describe.each(ENGINES)('sub-scopes of a split tenant in the sync engine on %s', (engine) => {
  let store: Store;
  afterEach(async () => {
    vendor = { numbers: [] };
    await store?.close();
  });

  it("a complete scoped run sweeps only its own scope; the other scope's rows stay untouched", async () => {
    store = await openTestStore(engine);
    vendor = { numbers: [1, 2, 3, 4, 5, 6] };
    const first = await run(store, job(2, 'part:0/2'), job(2, 'part:1/2'));
    expect(first.map((r) => [r.scope, r.status])).toEqual([
      ['part:0/2', 'succeeded'],
      ['part:1/2', 'succeeded'],
    ]);
    let r = await rows(store);
    expect(r.numbers).toEqual([1, 2, 3, 4, 5, 6]);
    // Every row carries the scope of the run that wrote it: identities, credentials, permissions, people.
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const want = scopeOf(n, 2);
      expect(r.scopeOf.get(n), `identity ${n}`).toBe(want);
      expect(r.credentialScopes.get(identityId('github', 'acme', 'thing', n)), `credential ${n}`).toBe(want);
      expect(r.permissionScopes.get(identityId('github', 'acme', 'thing', n)), `permission ${n}`).toBe(want);
    }
    expect(r.people).toEqual([{ id: 'github:acme:person:1', scope: 'part:0/2' }]);
    const scopeBRuns = new Map([...r.runOf].filter(([n]) => n % 2 === 1));

    // 2 (scope 0) and 3 (scope 1) disappear at the vendor; only scope 0 runs.
    vendor = { numbers: [1, 4, 5, 6] };
    const [a] = await run(store, job(2, 'part:0/2'));
    expect(a.status).toBe('succeeded');
    expect(a.counts.removed).toBe(1);
    r = await rows(store);
    expect(r.numbers).toEqual([1, 3, 4, 5, 6]);
    // Scope 1's rows are exactly as its own run left them (not rewritten, not swept by scope 0's run).
    expect(new Map([...r.runOf].filter(([n]) => n % 2 === 1))).toEqual(scopeBRuns);
    expect(
      (
        await store.db
          .selectFrom('credentials')
          .select('id')
          .where('identity_id', '=', identityId('github', 'acme', 'thing', 3))
          .execute()
      ).length,
    ).toBe(1);

    const [b] = await run(store, job(2, 'part:1/2'));
    expect(b.counts.removed).toBe(1);
    expect((await rows(store)).numbers).toEqual([1, 4, 5, 6]);
    // The two gone identities keep their last-known credentials.
    expect((await store.db.selectFrom('credentials').select('id').execute()).length).toBe(6);
  });

  it('a scoped run that fails sweeps nothing', async () => {
    store = await openTestStore(engine);
    vendor = { numbers: [1, 2, 3, 4, 5, 6, 7, 8] };
    await run(store, job(2, 'part:0/2'), job(2, 'part:1/2'));
    vendor = { numbers: [1, 3, 5, 7], failing: ['part:1/2'] };
    const [a, b] = await run(store, job(2, 'part:0/2'), job(2, 'part:1/2'));
    expect(a.status).toBe('succeeded');
    expect(b.status).toBe('failed');
    expect(b.errors.join()).toContain('HTTP 502');
    expect(b.counts.removed).toBe(0);
    // Scope 0 lost its even numbers (its run completed); scope 1 kept everything, written or not by the failed run.
    expect((await rows(store)).numbers).toEqual([1, 3, 5, 7]);
    vendor = { numbers: [1, 3], failing: ['part:1/2'] };
    const [again] = await run(store, job(2, 'part:1/2'));
    expect(again.status).toBe('failed');
    expect((await rows(store)).numbers).toEqual([1, 3, 5, 7]);
  });

  it('rows of an unsplit run are swept once every scope has completed after it (not before, not by one scope alone)', async () => {
    store = await openTestStore(engine);
    vendor = { numbers: [1, 2, 3, 4, 5, 6] };
    await run(store, job(1));
    expect([...(await rows(store)).scopeOf.values()].every((s) => s === '')).toBe(true);

    // The tenant is split; 2 (scope 0) and 3 (scope 1) are gone at the vendor.
    vendor = { numbers: [1, 4, 5, 6], failing: ['part:1/2'] };
    const [a, failed] = await run(store, job(2, 'part:0/2'), job(2, 'part:1/2'));
    expect([a.status, failed.status]).toEqual(['succeeded', 'failed']);
    let r = await rows(store);
    // Scope 0 moved its records to its scope; nothing of the unsplit run is swept while scope 1 has not completed.
    expect(r.numbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.scopeOf.get(4)).toBe('part:0/2');
    expect(r.scopeOf.get(2)).toBe('');
    expect(r.scopeOf.get(5)).not.toBe('part:0/2');

    vendor = { numbers: [1, 4, 5, 6] };
    const [b] = await run(store, job(2, 'part:1/2'));
    expect(b.status).toBe('succeeded');
    expect(b.counts.removed).toBe(2);
    r = await rows(store);
    expect(r.numbers).toEqual([1, 4, 5, 6]);
    expect([...r.scopeOf.values()].includes('')).toBe(false);
    // What is left in the retired scope is gone, with its last-known credentials and permissions.
    const retired = await store.db
      .selectFrom('identities')
      .select(['native_id', 'gone_run_id'])
      .where('scope', '=', '')
      .orderBy('native_id')
      .execute();
    expect(retired).toEqual([
      { native_id: '2', gone_run_id: b.id },
      { native_id: '3', gone_run_id: b.id },
    ]);
    expect(await store.db.selectFrom('credentials').select('id').where('scope', '=', '').execute()).toHaveLength(2);

    // A new partition count retires the old scopes the same way: swept once all three new scopes completed.
    vendor = { numbers: [1, 4, 6] };
    const three = await run(store, job(3, 'part:0/3'), job(3, 'part:1/3'));
    expect(three.map((x) => x.status)).toEqual(['succeeded', 'succeeded']);
    expect((await rows(store)).numbers).toEqual([1, 4, 5, 6]);
    const [last] = await run(store, job(3, 'part:2/3'));
    expect(last.status).toBe('succeeded');
    r = await rows(store);
    expect(r.numbers).toEqual([1, 4, 6]);
    expect([...r.scopeOf].sort(([x], [y]) => x - y)).toEqual([1, 4, 6].map((n) => [n, scopeOf(n, 3)]));
  });

  it('an unsplit run sweeps the whole tenant, every scope included; a scope the options do not have fails', async () => {
    store = await openTestStore(engine);
    vendor = { numbers: [1, 2, 3, 4] };
    await run(store, job(2, 'part:0/2'), job(2, 'part:1/2'));
    vendor = { numbers: [1] };
    const [all] = await run(store, job(2));
    expect(all.scope).toBeNull();
    expect(all.counts.removed).toBe(3);
    expect((await rows(store)).numbers).toEqual([1]);
    expect((await rows(store)).scopeOf.get(1)).toBe('');

    const [stale] = await run(store, job(2, 'part:1/3'));
    expect(stale.status).toBe('failed');
    expect(stale.errors.join()).toMatch(/no scope "part:1\/3"/);
    expect((await rows(store)).numbers).toEqual([1]);
  });

  it('records the scope on the SyncRun and keeps connector state per scope', async () => {
    store = await openTestStore(engine);
    vendor = { numbers: [1, 2] };
    await run(store, job(2, 'part:0/2'), job(2, 'part:1/2'));
    await run(store, job(2));
    const runs = await listSyncRuns(store, { platform: 'github' });
    expect(runs.map((x) => x.scope ?? null).sort()).toEqual([null, 'part:0/2', 'part:1/2'].sort());
    const state = await store.db.selectFrom('connector_state').select(['key', 'value']).orderBy('key').execute();
    expect(state).toEqual([
      { key: 'cursor', value: 'after-all' },
      { key: 'scope:part:0/2:cursor', value: 'after-part:0/2' },
      { key: 'scope:part:1/2:cursor', value: 'after-part:1/2' },
    ]);
  });
});

describe('splitJobs', () => {
  it('makes one job per scope for a split tenant and leaves others whole', () => {
    const jobs = splitJobs([job(3), job(1), { platform: 'aws', tenant: '1', options: {} }], connectors);
    expect(jobs.map((j) => `${j.platform}:${j.tenant}:${j.scope}`)).toEqual([
      'github:acme:part:0/3',
      'github:acme:part:1/3',
      'github:acme:part:2/3',
      'github:acme:null',
      'aws:1:null',
    ]);
  });
});
