import { generateKeyPairSync } from 'node:crypto';
import { type EmulatedEstate, startEmulatedEstate } from '../emulation/start.js';
import { generateEstate } from '../emulation/estate/index.js';
import { fixedClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import type { PlatformId } from '../model/index.js';
import { connectorFor, REMEDIATION_ACTIONS } from '../platforms/registry.js';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  type ActionRunner,
  addApprover,
  applyPlan,
  approveWithKey,
  buildPlan,
  loadPlan,
  rollbackPlan,
  savePlan,
  verifyPlan,
} from '../remediation/index.js';
import { type Store, verifyAuditChain } from '../store/index.js';
import { runSync } from '../sync/engine.js';
import { openTestStore } from './store.js';

/**
 * A running emulated estate the remediation tests plan against, act on and re-scan: the emulators stay up between
 * scans, so a write an action makes is what the next scan reads.
 */
export interface LiveEstate {
  emulated: EmulatedEstate;
  now: string;
  runner: ActionRunner;
  scan(store: Store): Promise<void>;
  close(): Promise<void>;
}

export async function startLiveEstate(platforms: PlatformId[], seed = 7, size = 60): Promise<LiveEstate> {
  const estate = await generateEstate({ platforms, size, seed, now: '2026-11-01T00:00:00Z' });
  const emulated = await startEmulatedEstate(estate);
  for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
  const parsed = new Map<string, unknown>();
  const options = (platform: string, tenant: string) => {
    const key = `${platform}:${tenant}`;
    if (!parsed.has(key)) parsed.set(key, parseOptions(platform, tenant));
    return parsed.get(key);
  };
  const parseOptions = (platform: string, tenant: string) => {
    const t = emulated.tenants.find((x) => x.platform === platform && x.tenant === tenant);
    if (!t) throw new Error(`no emulated tenant ${platform}:${tenant}`);
    return connectorFor(t.platform)!.optionsSchema.parse(t.options);
  };
  return {
    emulated,
    now: estate.now,
    runner: { action: (id) => REMEDIATION_ACTIONS.get(id), context: (p, t) => ({ options: options(p, t) }) },
    scan: async (store) => {
      const runs = await runSync(
        emulated.tenants.map((t) => ({ platform: t.platform, tenant: t.tenant, options: t.options })),
        { store, connectors: connectorFor, clock: fixedClock(estate.now), log: silentLogger },
      );
      const bad = runs.filter((r) => r.status !== 'succeeded');
      if (bad.length)
        throw new Error(`scan: ${bad.map((r) => `${r.platform}:${r.tenant} ${r.errors.join('; ')}`).join(' | ')}`);
    },
    close: () => emulated.close(),
  };
}

/** The inventory as comparable rows: identities and credentials with every column a change could touch. */
export async function inventorySnapshot(store: Store) {
  const identities = await store.db
    .selectFrom('identities')
    .select(['id', 'name', 'enabled', 'last_used_at', 'attributes', 'gone_at'])
    .orderBy('id')
    .execute();
  const credentials = await store.db
    .selectFrom('credentials')
    .select(['id', 'identity_id', 'enabled', 'last_used_at', 'expires_at', 'attributes'])
    .orderBy('id')
    .execute();
  return { identities, credentials };
}

/** A fresh Ed25519 key pair as PEM (what `openssl genpkey -algorithm ed25519` writes). */
export function ed25519Pair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * One platform's action drill for its e2e tests: a live estate of that platform scanned into a fresh SQLite store and
 * approver bob registered (vitest hooks); `approvedPlan` plans as alice — forced past the dependency check, it is a
 * drill — and approves with bob's key; `step` is what apply, verify and rollback take, acting as carol.
 */
export function actionDrill(platform: PlatformId) {
  let live: LiveEstate | undefined;
  let store: Store | undefined;
  const bob = ed25519Pair();
  const started = () => {
    if (!live || !store) throw new Error('actionDrill: used before its beforeAll ran');
    return { live, store };
  };
  beforeAll(async () => {
    live = await startLiveEstate([platform]);
    store = await openTestStore('sqlite');
    await live.scan(store);
    await addApprover(store, 'bob', bob.publicPem, 'admin', live.now);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await live?.close();
  });
  return {
    bob,
    get live() {
      return started().live;
    },
    get store() {
      return started().store;
    },
    async approvedPlan(actionId: string, identityIds?: string[], text?: string) {
      const { live, store } = started();
      const plan = await buildPlan(store, {
        selection: { platform, identityIds, text },
        actions: [REMEDIATION_ACTIONS.get(actionId)!],
        planner: 'alice',
        now: new Date(live.now),
        dependencyDays: 30,
        force: { reason: 'drill' },
      });
      await savePlan(store, plan);
      await approveWithKey(store, await loadPlan(store, plan.id), bob.privatePem, live.now);
      return plan;
    },
    step(planId: string) {
      const { live, store } = started();
      return { store, planId, runner: live.runner, actor: 'carol', now: () => new Date(live.now) };
    },
    /**
     * A disabling action and its inverse, end to end: every item applied and verified as `outcome`, a re-scan shows
     * each target disabled, rollback restores them, and a re-scan gives back the starting inventory exactly.
     */
    async disableAndRollBack(actionId: string, outcome: string) {
      const { live, store } = started();
      const start = await inventorySnapshot(store);
      const plan = await this.approvedPlan(actionId);
      expect(plan.content.items.length).toBeGreaterThan(0);
      expect((await applyPlan(this.step(plan.id))).every((o) => o.state === 'done')).toBe(true);
      expect((await verifyPlan(this.step(plan.id))).every((o) => o.outcome === outcome)).toBe(true);
      await live.scan(store);
      const ids = new Set(plan.content.items.map((i) => i.target.identityId));
      const after = (await inventorySnapshot(store)).identities.filter((i) => ids.has(i.id));
      expect(after.map((i) => i.enabled)).toEqual([...ids].map(() => 0));
      expect((await rollbackPlan(this.step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
      await live.scan(store);
      expect(await inventorySnapshot(store)).toEqual(start);
      expect((await verifyAuditChain(store.db)).broken).toBeNull();
    },
  };
}
