import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../lib/clock.js';
import { identityId, type IdentityInput, nativeTypeFacts, type PlatformId } from '../model/index.js';
import { insertSyncRun, listIdentityViews, listSyncRuns, type Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import type { AnyConnector, ScanContext } from './connector.js';
import { runSync, type SyncOptions, type TenantJob } from './engine.js';
import { VendorCallError } from './failure.js';

/**
 * The engine's guarantees for sources, on a connector defined here: a `keys` list (required), an optional `bots` list,
 * a `usage` lookup that fills lastUsedAt, and a per-key `grants` call that fills credentials. Each behaviour of the
 * vendor is switched per test.
 */
interface Vendor {
  keys: number[];
  bots: number[];
  usage: Record<number, string>;
  /** Per source: what the vendor answers instead of the list. */
  refuse?: Partial<Record<'bots' | 'usage' | 'keys', number>>;
  /** Keys whose grants call fails. */
  grantsFail?: number[];
  /** The keys list never answers. */
  hang?: boolean;
  /** Called while the keys list is being read (to hold a run open). */
  during?: () => Promise<void>;
}
let vendor: Vendor = { keys: [], bots: [], usage: {} };

const refusal = (source: string, status: number) =>
  new VendorCallError(`vendor said no to ${source}`, {
    call: `GET /${source}`,
    httpStatus: status,
    vendorCode: status === 403 ? 'Forbidden' : 'NotFound',
  });

const facts = {
  key: nativeTypeFacts({ identity: {} }),
  bot: nativeTypeFacts({ identity: {} }),
};

function key(n: number, lastUsedAt: string | null, grants: boolean): IdentityInput {
  const id = identityId('github', 'acme', 'key', n);
  return {
    id,
    platform: 'github',
    tenant: 'acme',
    kind: 'api_key',
    nativeType: 'key',
    nativeId: String(n),
    name: `key-${n}`,
    lastUsedAt,
    lastUsedSource: lastUsedAt ? 'usage report' : null,
    credentials: grants ? [{ id: `${id}#secret`, type: 'token', fingerprint: `fp-${n}` }] : [],
    stale: grants ? [] : [{ field: 'credentials', source: 'grants' }],
  };
}

const bot = (n: number): IdentityInput => ({
  id: identityId('github', 'acme', 'bot', n),
  platform: 'github',
  tenant: 'acme',
  kind: 'bot',
  nativeType: 'bot',
  nativeId: String(n),
  name: `bot-${n}`,
});

async function readKeys(ctx: ScanContext<unknown>, usage: Record<number, string>): Promise<void> {
  if (vendor.refuse?.keys) throw refusal('keys', vendor.refuse.keys);
  if (vendor.hang) await new Promise(() => {});
  await vendor.during?.();
  for (const n of vendor.keys) {
    let grants = true;
    if (vendor.grantsFail?.includes(n)) {
      ctx.sources.objectFailed('grants', `key ${n}`, refusal(`keys/${n}/grants`, 404));
      grants = false;
    }
    await ctx.sources.emit('keys', { id: n }, () => key(n, usage[n] ?? null, grants));
  }
}

const connector: AnyConnector = {
  platform: 'github',
  title: 'fake',
  facts,
  optionsSchema: z.object({}).strict(),
  sources: [
    { id: 'keys', title: 'keys', endpoints: ['GET /keys'], permission: 'keys:read', required: true, lists: ['key'] },
    { id: 'bots', title: 'bots', endpoints: ['GET /bots'], permission: 'bots:read', required: false, lists: ['bot'] },
    {
      id: 'usage',
      title: 'usage report',
      endpoints: ['GET /usage'],
      permission: 'reports:read',
      required: false,
      fills: { nativeTypes: ['key'], fields: ['lastUsedAt'] },
    },
    {
      id: 'grants',
      title: 'key grants',
      endpoints: ['GET /keys/{id}/grants'],
      permission: 'grants:read',
      required: false,
      fills: { nativeTypes: ['key'], fields: ['credentials'] },
    },
  ],
  secretFields: [],
  async scan(ctx: ScanContext<unknown>) {
    const usage: Record<number, string> = {};
    await ctx.sources.read('usage', async () => {
      if (vendor.refuse?.usage) throw refusal('usage', vendor.refuse.usage);
      Object.assign(usage, vendor.usage);
    });
    await ctx.sources.read('grants', async () => {}); // per-key calls below; failures are per object
    await ctx.sources.read('keys', () => readKeys(ctx, usage));
    await ctx.sources.read('bots', async () => {
      if (vendor.refuse?.bots) throw refusal('bots', vendor.refuse.bots);
      for (const n of vendor.bots) await ctx.sources.emit('bots', { id: n }, () => bot(n));
    });
    return { mode: 'full' };
  },
};

const job: TenantJob = { platform: 'github', tenant: 'acme', options: {} };
const clock = fixedClock('2026-11-01T00:00:00Z');
const scan = (store: Store, extra: Partial<SyncOptions> = {}) =>
  runSync([job], { store, connectors: (p: PlatformId) => (p === 'github' ? connector : undefined), clock, ...extra });

describe.each(ENGINES)('trustworthy scans on %s', (engine) => {
  let store: Store;
  afterEach(async () => {
    vendor = { keys: [], bots: [], usage: {} };
    await store?.close();
  });

  async function cleanScan() {
    store = await openTestStore(engine);
    vendor = { keys: [1, 2, 3], bots: [7, 8], usage: { 1: '2026-10-01T00:00:00.000Z', 2: '2026-09-01T00:00:00.000Z' } };
    const [run] = await scan(store);
    expect(run.status).toBe('succeeded');
    expect(run.sources.map((s) => `${s.source}:${s.status}`)).toEqual([
      'keys:complete',
      'bots:complete',
      'usage:complete',
      'grants:complete',
    ]);
  }

  it('a 403 on an optional list makes the run partial and keeps everything that list had stored', async () => {
    await cleanScan();
    vendor = { ...vendor, keys: [1, 2], refuse: { bots: 403 } };
    const [run] = await scan(store);
    expect(run.status).toBe('partial');
    const bots = run.sources.find((s) => s.source === 'bots');
    expect(bots).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, endpoint: 'GET /bots', permission: 'bots:read' },
    });
    expect(run.errors.join()).toContain('source bots skipped: GET /bots answered HTTP 403 Forbidden');
    expect(run.errors.join()).toContain('needs: bots:read');
    // The bots stay; key 3, which the complete keys list no longer has, is gone.
    const views = await listIdentityViews(store);
    expect(views.map((v) => v.name).sort()).toEqual(['bot-7', 'bot-8', 'key-1', 'key-2']);
    expect(run.counts.removed).toBe(1);
  });

  it('a required list that fails fails the run, and nothing goes gone', async () => {
    await cleanScan();
    vendor = { ...vendor, keys: [], bots: [], refuse: { keys: 404 } };
    const [run] = await scan(store);
    expect(run.status).toBe('failed');
    expect(run.errors.join()).toContain('required source keys skipped: GET /keys answered HTTP 404');
    expect((await listIdentityViews(store)).length).toBe(5);
  });

  it('a fill source that did not answer keeps the stored value and marks it stale; the next good run clears it', async () => {
    await cleanScan();
    vendor = { ...vendor, usage: {}, refuse: { usage: 403 } };
    const [run] = await scan(store);
    expect(run.status).toBe('partial');
    const [k1] = await listIdentityViews(store, { ids: [identityId('github', 'acme', 'key', 1)] });
    expect(k1.lastUsedAt).toBe('2026-10-01T00:00:00.000Z');
    expect(k1.stale).toEqual([{ field: 'lastUsedAt', source: 'usage' }]);

    vendor = { ...vendor, usage: { 1: '2026-10-20T00:00:00.000Z' }, refuse: {} };
    await scan(store);
    const [again] = await listIdentityViews(store, { ids: [k1.id] });
    expect(again).toMatchObject({ lastUsedAt: '2026-10-20T00:00:00.000Z', stale: [] });
  });

  it('one object whose part fails keeps its stored credentials; the rest is read, and nothing goes gone', async () => {
    await cleanScan();
    vendor = { ...vendor, grantsFail: [2] };
    const [run] = await scan(store);
    expect(run.status).toBe('partial');
    const grants = run.sources.find((s) => s.source === 'grants');
    expect(grants).toMatchObject({ status: 'partial', objectsFailed: 1 });
    expect(grants?.objects[0]).toMatchObject({ objectId: 'key 2', httpStatus: 404, permission: 'grants:read' });
    const [k2] = await listIdentityViews(store, { ids: [identityId('github', 'acme', 'key', 2)] });
    expect(k2.credentials.map((c) => c.fingerprint)).toEqual(['fp-2']);
    expect(k2.stale).toEqual([{ field: 'credentials', source: 'grants' }]);
  });

  it('a list that never answers fails at its deadline; the run ends failed, nothing lost, none left running', async () => {
    await cleanScan();
    vendor = { ...vendor, hang: true };
    const [run] = await scan(store, { sourceDeadlineMs: 300 });
    expect(run.status).toBe('failed');
    expect(run.sources.find((s) => s.source === 'keys')?.problem).toMatchObject({ kind: 'timeout' });
    expect((await listIdentityViews(store)).length).toBe(5);
    expect((await listSyncRuns(store)).filter((r) => r.status === 'running')).toEqual([]);
  });

  it('one writer per tenant: a second scan waits for the first (told who holds it), or refuses without waiting', async () => {
    await cleanScan();
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered = () => {};
    const inFirst = new Promise<void>((r) => {
      entered = r;
    });
    vendor = {
      ...vendor,
      during: async () => {
        entered();
        await held;
      },
    };
    const first = scan(store);
    await inFirst;
    vendor = { ...vendor, during: undefined };
    const [refused] = await scan(store, { tenantLock: { waitMs: 0 } });
    expect(refused.status).toBe('failed');
    expect(refused.errors[0]).toMatch(/^github:acme is being scanned by /);

    const waits: string[] = [];
    const second = scan(store, { tenantLock: { waitMs: 20_000, onWait: (_job, holder) => waits.push(holder) } });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(waits).toHaveLength(1);
    release();
    const [[a], [b]] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    expect(Date.parse(b.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(a.finishedAt ?? ''));
    expect((await listIdentityViews(store)).length).toBe(5);
  });

  it('a run a killed process left running is marked interrupted by the next scan of that tenant', async () => {
    await cleanScan();
    const [done] = await listSyncRuns(store);
    await insertSyncRun(store, { ...done, id: 'killed-run', status: 'running', finishedAt: null });
    await scan(store);
    const killed = (await listSyncRuns(store)).find((r) => r.id === 'killed-run');
    expect(killed?.status).toBe('interrupted');
    expect(killed?.errors[0]).toContain('stopped before it finished');
  });

  it('a cancelled scan (SIGINT) is marked interrupted and sweeps nothing', async () => {
    await cleanScan();
    const controller = new AbortController();
    vendor = { ...vendor, keys: [], during: async () => controller.abort('SIGINT') };
    const [run] = await scan(store, { signal: controller.signal });
    expect(run.status).toBe('interrupted');
    expect((await listIdentityViews(store)).length).toBe(5);
  });
});
