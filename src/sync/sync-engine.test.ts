import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyConnector, ScanContext } from './connector.js';
import { runOne, runSync, type TenantJob } from './engine.js';
import { fixedClock } from '../lib/clock.js';
import { identityId, type IdentityInput, nativeTypeFacts, type PlatformId } from '../model/index.js';
import { countIdentities, listIdentityViews, listPeople, listSyncRuns, type Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';

/**
 * A connector defined only for these tests: it serves whatever the test puts in `tenants`, and can fail after
 * N records, so the engine's guarantees (scoped cleanup, no sweep after a partial fetch) are checked directly.
 */
type FakeTenant = {
  identities: IdentityInput[];
  failAfter?: number;
  mode?: 'full' | 'incremental';
  removals?: string[];
  delta?: string;
};
const tenants = new Map<string, FakeTenant>();
/** The facts of the one nativeType these tests emit: the sink rejects any other attribute. */
const thingFacts = {
  thing: nativeTypeFacts({
    identity: { colour: z.enum(['red', 'blue']).optional() },
    credential: { rotatedBy: z.string().nullable().optional() },
    permission: { inherited: z.boolean().optional() },
  }),
};
const fake = (platform: PlatformId): AnyConnector => ({
  platform,
  title: 'fake',
  facts: thingFacts,
  optionsSchema: z.object({ region: z.enum(['eu', 'us']).default('eu') }).strict(),
  sources: [
    {
      id: 'things',
      title: 'things',
      endpoints: ['GET /things'],
      permission: 'things:read',
      required: true,
      lists: ['thing'],
    },
    {
      id: 'people',
      title: 'people',
      endpoints: ['GET /people'],
      permission: 'people:read',
      required: false,
      people: true,
    },
  ],
  secretFields: [],
  async scan(ctx: ScanContext<{ region: string }>) {
    const t = tenants.get(`${platform}:${ctx.tenant}`);
    if (!t) throw new Error('unknown tenant');
    let n = 0;
    ctx.metrics.apiCall();
    ctx.metrics.page();
    ctx.keepRaw('things', { items: t.identities.map((i) => i.nativeId) });
    await ctx.sources.read('things', async () => {
      for (const identity of t.identities) {
        if (t.failAfter !== undefined && n++ >= t.failAfter)
          throw new Error('HTTP 502 from vendor while listing page 2');
        await ctx.sources.emit('things', identity, () => identity);
      }
    });
    await ctx.sources.read('people', () =>
      ctx.sink.person({
        id: `${platform}:${ctx.tenant}:person:1`,
        source: platform,
        tenant: ctx.tenant,
        nativeId: '1',
        email: 'Ada@Acme.test',
        status: 'active',
      }),
    );
    for (const id of t.removals ?? []) await ctx.sink.remove(id);
    if (t.delta) ctx.state.set('deltaLink', t.delta);
    return { mode: t.mode ?? 'full' };
  },
});

function ident(platform: PlatformId, tenant: string, n: number, extra: Partial<IdentityInput> = {}): IdentityInput {
  return {
    id: identityId(platform, tenant, 'thing', n),
    platform,
    tenant,
    kind: 'api_key',
    nativeType: 'thing',
    nativeId: String(n),
    name: `thing-${n}`,
    createdAt: '2024-01-01T00:00:00Z',
    credentials: [
      {
        id: `${identityId(platform, tenant, 'thing', n)}:key`,
        type: 'access_key',
        createdAt: '2024-01-01T00:00:00Z',
        fingerprint: `fp-${n}`,
      },
    ],
    permissions: [{ nativeName: 'repo', access: 'write', sensitivity: 'high' }],
    ...extra,
  };
}

const connectors = (p: PlatformId) => (p === 'github' || p === 'aws' ? fake(p) : undefined);
const job = (platform: PlatformId, tenant: string, options: unknown = {}): TenantJob => ({
  platform,
  tenant,
  options,
  configPath: `tenants[${tenant}]`,
});
const clock = fixedClock('2026-11-01T00:00:00Z');

describe.each(ENGINES)('sync engine on %s', (engine) => {
  let store: Store;
  afterEach(async () => {
    tenants.clear();
    await store?.close();
  });

  it('starts no queued job once the scan is stopped: the queued tenant has no run at all', async () => {
    store = await openTestStore(engine);
    tenants.set('github:a', { identities: [ident('github', 'a', 1)] });
    tenants.set('github:b', { identities: [ident('github', 'b', 1)] });
    const stop = new AbortController();
    const runs = await runSync([job('github', 'a'), job('github', 'b')], {
      store,
      connectors,
      clock,
      concurrency: 1,
      signal: stop.signal,
      runJob: async (j, options) => {
        const run = await runOne(j, options);
        stop.abort('SIGTERM'); // the signal arrives as the first run ends, while the second is queued
        return run;
      },
    });
    expect(runs.map((r) => r.tenant)).toEqual(['a']);
    expect((await listSyncRuns(store)).map((r) => r.tenant)).toEqual(['a']);
    expect(await countIdentities(store, { platform: 'github', tenant: 'b' })).toBe(0);
  });

  it('stores identities with credentials and permissions, then marks gone what a complete run no longer sees — only in that tenant', async () => {
    store = await openTestStore(engine);
    tenants.set('github:a', { identities: [1, 2, 3].map((n) => ident('github', 'a', n)) });
    tenants.set('github:b', { identities: [1, 2].map((n) => ident('github', 'b', n)) });
    const first = await runSync([job('github', 'a'), job('github', 'b')], { store, connectors, clock, batchSize: 2 });
    expect(first.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(await countIdentities(store)).toBe(5);
    const [view] = await listIdentityViews(store, { ids: [identityId('github', 'a', 'thing', 2)] });
    expect(view.credentials.map((c) => c.fingerprint)).toEqual(['fp-2']);
    expect(view.permissions[0]).toMatchObject({ nativeName: 'repo', access: 'write', sensitivity: 'high' });
    expect((await listPeople(store))[0].email).toBe('ada@acme.test');

    tenants.set('github:a', { identities: [1, 3].map((n) => ident('github', 'a', n)) });
    const [second] = await runSync([job('github', 'a')], { store, connectors, clock });
    expect(second.counts.removed).toBe(1);
    const ids = (await listIdentityViews(store)).map((v) => v.id).sort();
    expect(ids).toEqual(['github:a:thing:1', 'github:a:thing:3', 'github:b:thing:1', 'github:b:thing:2']);
    // Gone, not deleted: last-known attributes and credentials stay, with when and which run found it gone.
    const [gone] = await listIdentityViews(store, { ids: ['github:a:thing:2'], includeGone: true });
    expect(gone).toMatchObject({ name: 'thing-2', goneAt: second.startedAt });
    expect(gone.credentials.map((c) => c.fingerprint)).toEqual(['fp-2']);
    const goneRow = await store.db.selectFrom('identities').select('gone_run_id').where('id', '=', gone.id).execute();
    expect(goneRow).toEqual([{ gone_run_id: second.id }]);
    // Seen again: current again, first-seen kept.
    tenants.set('github:a', { identities: [1, 2, 3].map((n) => ident('github', 'a', n)) });
    await runSync([job('github', 'a')], { store, connectors, clock });
    expect(await countIdentities(store, { tenant: 'a' })).toBe(3);
  });

  it('keeps first-seen across runs and updates last-seen', async () => {
    store = await openTestStore(engine);
    tenants.set('github:a', { identities: [ident('github', 'a', 1)] });
    await runSync([job('github', 'a')], { store, connectors, clock: fixedClock('2026-01-01T00:00:00Z') });
    await runSync([job('github', 'a')], { store, connectors, clock: fixedClock('2026-02-01T00:00:00Z') });
    const [v] = await listIdentityViews(store);
    expect(v.firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(v.lastSeen).toBe('2026-02-01T00:00:00.000Z');
  });

  it('never deletes after a partial fetch, and the failure does not stop another connector', async () => {
    store = await openTestStore(engine);
    tenants.set('github:a', { identities: [1, 2, 3, 4].map((n) => ident('github', 'a', n)) });
    await runSync([job('github', 'a')], { store, connectors, clock });
    tenants.set('github:a', { identities: [1, 2, 3, 4].map((n) => ident('github', 'a', n)), failAfter: 1 });
    tenants.set('aws:111', { identities: [ident('aws', '111', 9)] });
    const [failed, ok] = await runSync([job('github', 'a'), job('aws', '111')], { store, connectors, clock });
    expect(failed.status).toBe('failed');
    expect(failed.errors.join()).toContain('HTTP 502');
    expect(failed.counts.removed).toBe(0);
    expect(ok.status).toBe('succeeded');
    expect(await countIdentities(store, { platform: 'github' })).toBe(4);
    expect(await countIdentities(store, { platform: 'aws' })).toBe(1);
  });

  it('applies incremental runs without sweeping and honours explicit removals; state is saved only on success', async () => {
    store = await openTestStore(engine);
    tenants.set('github:a', { identities: [1, 2, 3].map((n) => ident('github', 'a', n)), delta: 'token-1' });
    await runSync([job('github', 'a')], { store, connectors, clock });
    tenants.set('github:a', {
      identities: [ident('github', 'a', 2, { name: 'renamed' })],
      mode: 'incremental',
      removals: ['github:a:thing:3'],
      delta: 'token-2',
    });
    const [inc] = await runSync([job('github', 'a')], { store, connectors, clock });
    expect(inc.mode).toBe('incremental');
    expect(inc.counts.removed).toBe(1);
    const views = await listIdentityViews(store);
    expect(views.map((v) => `${v.id}=${v.name}`)).toEqual(['github:a:thing:1=thing-1', 'github:a:thing:2=renamed']);
    const state = await store.db.selectFrom('connector_state').selectAll().execute();
    expect(state.map((s) => s.value)).toEqual(['token-2']);

    tenants.set('github:a', {
      identities: [ident('github', 'a', 1)],
      mode: 'incremental',
      failAfter: 0,
      delta: 'token-3',
    });
    await runSync([job('github', 'a')], { store, connectors, clock });
    const after = await store.db.selectFrom('connector_state').selectAll().execute();
    expect(after.map((s) => s.value)).toEqual(['token-2']);
  });

  it('rejects invalid options and invalid records with errors that name what and where', async () => {
    store = await openTestStore(engine);
    tenants.set('github:a', { identities: [ident('github', 'a', 1)] });
    const [badOptions] = await runSync([job('github', 'a', { region: 'mars' })], { store, connectors, clock });
    expect(badOptions.status).toBe('failed');
    expect(badOptions.errors[0]).toMatch(/tenants\[a\]\.options\.region: /);

    tenants.set('github:a', { identities: [ident('github', 'a', 1, { createdAt: 'last tuesday' })] });
    const [badRecord] = await runSync([job('github', 'a')], { store, connectors, clock });
    expect(badRecord.status).toBe('partial');
    expect(badRecord.counts.quarantined).toBe(1);
    expect(badRecord.errors[0]).toContain('github:a:thing:1');
    expect(badRecord.errors[0]).toContain('identity.createdAt');

    tenants.set('github:a', { identities: [ident('github', 'other', 1)] });
    const [outOfScope] = await runSync([job('github', 'a')], { store, connectors, clock });
    expect(outOfScope.errors.join()).toContain('outside its tenant scope');

    const [unknown] = await runSync([job('okta', 'x')], { store, connectors, clock });
    expect(unknown.errors[0]).toContain('no connector is registered for platform "okta"');
    const runs = await listSyncRuns(store);
    expect(runs.filter((r) => r.status === 'failed')).toHaveLength(3);
    expect(runs.filter((r) => r.status === 'partial')).toHaveLength(1);
  });

  it('keeps attributes the facts declare, with their parsed values', async () => {
    store = await openTestStore(engine);
    const declared = ident('github', 'a', 1, { attributes: { colour: 'red', humanUseEvidence: 'console sign-in' } });
    declared.credentials = [{ id: 'github:a:thing:1:key', type: 'access_key', attributes: { rotatedBy: null } }];
    declared.permissions = [
      { nativeName: 'repo', access: 'write', attributes: { inherited: true, tenantWide: false } },
    ];
    tenants.set('github:a', { identities: [declared] });
    const [run] = await runSync([job('github', 'a')], { store, connectors, clock });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('succeeded');
    const [view] = await listIdentityViews(store);
    expect(view.attributes).toEqual({ colour: 'red', humanUseEvidence: 'console sign-in' });
    expect(view.credentials[0].attributes).toEqual({ rotatedBy: null });
    expect(view.permissions[0].attributes).toEqual({ inherited: true, tenantWide: false });
  });

  it.each([
    ['an undeclared identity attribute', { attributes: { color: 'red' } }, 'attributes: Unrecognized key: "color"'],
    ['a declared attribute of the wrong type', { attributes: { colour: 'green' } }, 'attributes.colour: '],
    [
      'an undeclared credential attribute',
      { credentials: [{ id: 'github:a:thing:2:key', type: 'access_key', attributes: { secret: 'x' } }] },
      'credentials[0].attributes: Unrecognized key: "secret"',
    ],
    [
      'an undeclared permission attribute',
      { permissions: [{ nativeName: 'repo', access: 'read', attributes: { tenantwide: true } }] },
      'permissions[0].attributes: Unrecognized key: "tenantwide"',
    ],
    [
      'an undeclared nativeType',
      { nativeType: 'gadget' },
      'its facts declare no nativeType "gadget" (declared: thing)',
    ],
  ] satisfies [string, Partial<IdentityInput>, string][])(
    'quarantines a record with %s, naming platform, tenant, nativeType, identity and field; nothing goes gone',
    async (_, extra: Partial<IdentityInput>, field) => {
      store = await openTestStore(engine);
      tenants.set('github:a', { identities: [1, 2, 3].map((n) => ident('github', 'a', n)) });
      await runSync([job('github', 'a')], { store, connectors, clock });
      tenants.set('github:a', { identities: [ident('github', 'a', 1), ident('github', 'a', 2, extra)] });
      const [run] = await runSync([job('github', 'a')], { store, connectors, clock });
      // One bad record never fails its source: the run is partial, and the source (not complete) sweeps nothing.
      expect(run.status).toBe('partial');
      expect(run.counts).toMatchObject({ removed: 0, quarantined: 1 });
      const nativeType = extra.nativeType ?? 'thing';
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toContain(`connector github (tenant a) emitted ${nativeType} identity github:a:thing:2`);
      expect(run.errors[0]).toContain(field);
      expect(await countIdentities(store)).toBe(3);
      const quarantined = await store.db.selectFrom('quarantine').selectAll().execute();
      expect(quarantined).toHaveLength(1);
      expect(quarantined[0]).toMatchObject({ run_id: run.id, source: 'things', native_id: '2' });
      expect(quarantined[0].reason).toContain(field);
    },
  );

  it('records API calls and pages per run and keeps raw pages when asked', async () => {
    store = await openTestStore(engine);
    const dir = mkdtempSync(join(tmpdir(), 'steward-raw-'));
    tenants.set('github:a', { identities: [ident('github', 'a', 1), ident('github', 'a', 2)] });
    const [run] = await runSync([job('github', 'a')], { store, connectors, clock, keepRawDir: dir });
    expect(run).toMatchObject({ apiCalls: 1, pages: 1, retries: 0 });
    const runDir = join(dir, 'github', 'a', run.id);
    expect(readdirSync(runDir)).toEqual(['things.jsonl']);
    expect(JSON.parse(readFileSync(join(runDir, 'things.jsonl'), 'utf8'))).toEqual({ items: ['1', '2'] });
  });
});
