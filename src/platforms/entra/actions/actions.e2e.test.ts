import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { applyPlan, buildPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';

/** Entra actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('entra');
const { approvedPlan, step } = drill;

describe('entra actions', () => {
  it('disables service principals and rolls back to the starting inventory', async () => {
    await drill.disableAndRollBack('entra.service-principal.disable', 'accountEnabled false');
  }, 120_000);

  it('removes a client secret; rollback reports it has no inverse and leaves it removed', async () => {
    const probe = await buildPlan(drill.store, {
      selection: { platform: 'entra' },
      actions: [REMEDIATION_ACTIONS.get('entra.application-password.remove')!],
      planner: 'alice',
      now: new Date(drill.live.now),
      dependencyDays: 30,
      force: { reason: 'drill' },
    });
    const first = probe.content.items[0];
    const plan = await approvedPlan('entra.application-password.remove', [first.target.identityId]);
    const item = plan.content.items.find((i) => i.target.credentialId === first.target.credentialId)!;
    expect(item.inverse).toBeNull();
    await applyPlan(step(plan.id));
    expect((await verifyPlan(step(plan.id))).find((o) => o.ordinal === item.ordinal)?.state).toBe('verified');
    const rolled = await rollbackPlan(step(plan.id));
    expect(rolled.find((o) => o.ordinal === item.ordinal)).toMatchObject({ state: 'no-inverse' });
    await drill.live.scan(drill.store);
    const creds = (await inventorySnapshot(drill.store)).credentials.map((c) => c.id);
    expect(creds).not.toContain(item.target.credentialId);
  }, 120_000);
});
