import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { applyPlan, buildPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';

/** GitHub actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('github');
const { approvedPlan, step } = drill;

describe('github actions', () => {
  it('deactivates webhooks and rolls back to the starting inventory', async () => {
    await drill.disableAndRollBack('github.webhook.deactivate', 'active false');
  }, 120_000);

  it('deletes a deploy key; rollback reports it has no inverse and a re-scan finds the key gone', async () => {
    const probe = await buildPlan(drill.store, {
      selection: { platform: 'github' },
      actions: [REMEDIATION_ACTIONS.get('github.deploy-key.delete')!],
      planner: 'alice',
      now: new Date(drill.live.now),
      dependencyDays: 30,
      force: { reason: 'drill' },
    });
    const first = probe.content.items[0];
    const plan = await approvedPlan('github.deploy-key.delete', [first.target.identityId]);
    expect(plan.content.items).toHaveLength(1);
    expect(plan.content.items[0].inverse).toBeNull();
    await applyPlan(step(plan.id));
    expect((await verifyPlan(step(plan.id)))[0]).toMatchObject({ state: 'verified', outcome: 'key not found (404)' });
    expect((await rollbackPlan(step(plan.id)))[0]).toMatchObject({ state: 'no-inverse' });
    await drill.live.scan(drill.store);
    const row = (await inventorySnapshot(drill.store)).identities.find((i) => i.id === first.target.identityId);
    expect(row?.gone_at).not.toBeNull();
  }, 120_000);
});
