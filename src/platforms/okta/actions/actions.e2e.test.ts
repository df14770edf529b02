import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import {
  addApprover,
  applyPlan,
  approveWithKey,
  buildPlan,
  loadPlan,
  rollbackPlan,
  savePlan,
  verifyPlan,
} from '../../../remediation/index.js';
import { verifyAuditChain, type Store } from '../../../store/index.js';
import { ed25519Pair, inventorySnapshot, type LiveEstate, startLiveEstate } from '../../../testing/remediation.js';
import { openTestStore } from '../../../testing/store.js';

/** Okta actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

let live: LiveEstate;
let store: Store;
const bob = ed25519Pair();
beforeAll(async () => {
  live = await startLiveEstate(['okta']);
  store = await openTestStore('sqlite');
  await live.scan(store);
  await addApprover(store, 'bob', bob.publicPem, 'admin', live.now);
}, 120_000);
afterAll(async () => {
  await store?.close();
  await live?.close();
});

async function approvedPlan(actionId: string, identityIds?: string[]) {
  const plan = await buildPlan(store, {
    selection: { platform: 'okta', identityIds },
    actions: [REMEDIATION_ACTIONS.get(actionId)!],
    planner: 'alice',
    now: new Date(live.now),
    dependencyDays: 30,
    force: { reason: 'drill' },
  });
  await savePlan(store, plan);
  await approveWithKey(store, await loadPlan(store, plan.id), bob.privatePem, live.now);
  return plan;
}
const step = (planId: string) => ({
  store,
  planId,
  runner: live.runner,
  actor: 'carol',
  now: () => new Date(live.now),
});

describe('okta actions', () => {
  it('deactivates apps and rolls back to the starting inventory', async () => {
    const start = await inventorySnapshot(store);
    const plan = await approvedPlan('okta.app.deactivate');
    expect(plan.content.items.length).toBeGreaterThan(0);
    expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    expect((await verifyPlan(step(plan.id))).every((o) => o.outcome === 'status INACTIVE')).toBe(true);
    await live.scan(store);
    const ids = new Set(plan.content.items.map((i) => i.target.identityId));
    const after = (await inventorySnapshot(store)).identities.filter((i) => ids.has(i.id));
    expect(after.map((i) => i.enabled)).toEqual([...ids].map(() => 0));
    expect((await rollbackPlan(step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
    await live.scan(store);
    expect(await inventorySnapshot(store)).toEqual(start);
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
  }, 120_000);
});
