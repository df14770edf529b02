import { describe, expect, it } from 'vitest';
import { applyPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { verifyAuditChain } from '../../../store/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';

/** Okta actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('okta');
const { approvedPlan, step } = drill;

describe('okta actions', () => {
  it('deactivates apps and rolls back to the starting inventory', async () => {
    const start = await inventorySnapshot(drill.store);
    const plan = await approvedPlan('okta.app.deactivate');
    expect(plan.content.items.length).toBeGreaterThan(0);
    expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    expect((await verifyPlan(step(plan.id))).every((o) => o.outcome === 'status INACTIVE')).toBe(true);
    await drill.live.scan(drill.store);
    const ids = new Set(plan.content.items.map((i) => i.target.identityId));
    const after = (await inventorySnapshot(drill.store)).identities.filter((i) => ids.has(i.id));
    expect(after.map((i) => i.enabled)).toEqual([...ids].map(() => 0));
    expect((await rollbackPlan(step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
    await drill.live.scan(drill.store);
    expect(await inventorySnapshot(drill.store)).toEqual(start);
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);
});
