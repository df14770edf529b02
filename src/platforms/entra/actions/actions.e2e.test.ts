import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { applyPlan, buildPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';
import { rotateAndUndo, rotateEndToEnd } from '../../../testing/rotation-drill.js';

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

  it('rotates a client secret: the new one delivered once, the old one removed only after the grace period', async () => {
    await rotateEndToEnd(drill, 'entra.application-password.rotate', 'AZURE_CLIENT_SECRET');
  }, 120_000);

  it('rolls a secret rotation back before the grace ends: the new secret removed, the inventory as at the start', async () => {
    await rotateAndUndo(drill, 'entra.application-password.rotate');
  }, 120_000);

  it('removes application permissions (scope reduction) and re-grants them on rollback', async () => {
    const roles = async (identityId: string) =>
      (
        await drill.store.db
          .selectFrom('permissions')
          .select(['native_name', 'resource', 'attributes'])
          .where('identity_id', '=', identityId)
          .where('source', '=', 'appRoleAssignment')
          .orderBy('native_name')
          .orderBy('resource')
          .execute()
      ).map((p) => ({
        role: `${p.native_name} on ${p.resource}`,
        assignmentId: JSON.parse(p.attributes).assignmentId,
      }));
    const probe = await buildPlan(drill.store, {
      selection: { platform: 'entra' },
      actions: [REMEDIATION_ACTIONS.get('entra.app-role-assignment.remove')!],
      planner: 'alice',
      now: new Date(drill.live.now),
      dependencyDays: 30,
      force: { reason: 'drill' },
    });
    const identityId = probe.content.items[0].target.identityId;
    const start = await inventorySnapshot(drill.store);
    const rolesBefore = await roles(identityId);
    expect(rolesBefore.length).toBeGreaterThan(0);

    const plan = await approvedPlan('entra.app-role-assignment.remove', [identityId]);
    expect(plan.content.items.map((i) => i.target.params.assignmentId).sort()).toEqual(
      rolesBefore
        .map((r) => r.assignmentId)
        .filter((id) => typeof id === 'string')
        .sort(),
    );
    expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    expect(
      (await verifyPlan(step(plan.id))).every((o) => o.state === 'verified' && / not held$/.test(o.outcome ?? '')),
    ).toBe(true);
    await drill.live.scan(drill.store);
    const planned = new Set(plan.content.items.map((i) => i.target.params.assignmentId));
    expect((await roles(identityId)).filter((r) => planned.has(r.assignmentId))).toEqual([]);

    expect((await rollbackPlan(step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
    await drill.live.scan(drill.store);
    const rolesAfter = await roles(identityId);
    // The same roles again; Graph gives a re-created assignment a new id.
    expect(rolesAfter.map((r) => r.role)).toEqual(rolesBefore.map((r) => r.role));
    expect(rolesAfter.filter((r) => planned.has(r.assignmentId))).toEqual([]);
    expect(await inventorySnapshot(drill.store)).toEqual(start);
  }, 120_000);
});
