import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { applyPlan, buildPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { verifyAuditChain } from '../../../store/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';

/** Salesforce actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('salesforce');
const { approvedPlan, step } = drill;
/** The DeleteToken of one token, read from the emulated org as the action reads it (to prove it is stored nowhere). */
async function deleteTokenOf(where: { userId: string; createdDate: string }): Promise<string> {
  const tenant = drill.live.emulated.tenants.find((t) => t.platform === 'salesforce')!;
  const soql = `SELECT DeleteToken FROM OauthToken WHERE UserId = '${where.userId}' AND CreatedDate = ${where.createdDate}`;
  const res = await fetch(
    `${(tenant.options as { instanceUrl: string }).instanceUrl}/services/data/v66.0/query?q=${encodeURIComponent(soql)}`,
    { headers: { authorization: `Bearer ${process.env.STEWARD_EMU_SALESFORCE_TOKEN}` } },
  );
  const [row] = ((await res.json()) as { records: Array<{ DeleteToken: string }> }).records;
  return row.DeleteToken;
}

/** Every row the workflow stored: plans, items, approvals, audit. */
async function storedText(): Promise<string> {
  const tables = ['remediation_plans', 'remediation_items', 'remediation_approvals', 'audit_log'] as const;
  const all = await Promise.all(tables.map((t) => drill.store.db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(all);
}

describe('salesforce actions', () => {
  it('deactivates integration users and rolls back to the starting inventory', async () => {
    const start = await inventorySnapshot(drill.store);
    const plan = await approvedPlan('salesforce.integration-user.deactivate');
    expect(plan.content.items.length).toBeGreaterThan(0);
    expect(plan.content.items[0].calls[0]).toMatchObject({ method: 'PATCH', body: { IsActive: false } });
    expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    expect((await verifyPlan(step(plan.id))).every((o) => o.outcome === 'IsActive false')).toBe(true);
    await drill.live.scan(drill.store);
    const ids = new Set(plan.content.items.map((i) => i.target.identityId));
    const after = (await inventorySnapshot(drill.store)).identities.filter((i) => ids.has(i.id));
    expect(after.map((i) => i.enabled)).toEqual([...ids].map(() => 0));
    expect((await rollbackPlan(step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
    await drill.live.scan(drill.store);
    expect(await inventorySnapshot(drill.store)).toEqual(start);
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);

  it('revokes an OAuth token; rollback reports it has no inverse and the re-scan shows it gone', async () => {
    const probe = await buildPlan(drill.store, {
      selection: { platform: 'salesforce' },
      actions: [REMEDIATION_ACTIONS.get('salesforce.oauth-token.revoke')!],
      planner: 'alice',
      now: new Date(drill.live.now),
      dependencyDays: 30,
      force: { reason: 'drill' },
    });
    const first = probe.content.items[0];
    const plan = await approvedPlan('salesforce.oauth-token.revoke', [first.target.identityId]);
    expect(plan.content.items).toHaveLength(1);
    const [item] = plan.content.items;
    expect(item.inverse).toBeNull();
    const secret = await deleteTokenOf(item.target.params as { userId: string; createdDate: string });
    expect(secret).toMatch(/^\w{16,}$/);
    expect((await applyPlan(step(plan.id)))[0].state).toBe('done');
    expect((await verifyPlan(step(plan.id)))[0]).toMatchObject({
      state: 'verified',
      outcome: 'token no longer listed',
    });
    expect((await rollbackPlan(step(plan.id)))[0]).toMatchObject({ state: 'no-inverse' });
    const before = (await inventorySnapshot(drill.store)).identities.filter((i) => i.gone_at === null).length;
    await drill.live.scan(drill.store);
    const rows = (await inventorySnapshot(drill.store)).identities;
    expect(rows.find((i) => i.id === item.target.identityId)?.gone_at).not.toBeNull();
    expect(rows.filter((i) => i.gone_at === null)).toHaveLength(before - 1);
    expect(await storedText()).not.toContain(secret);
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);

  it('revokes every token of one app (the Drift response); the re-scan lists none of them', async () => {
    const tokensOf = async () =>
      (await inventorySnapshot(drill.store)).identities.filter((i) => i.gone_at === null && /^Drift \(/.test(i.name));
    const held = await tokensOf();
    expect(held.length).toBeGreaterThan(1);
    const plan = await approvedPlan('salesforce.oauth-token.revoke', undefined, 'Drift (');
    expect(plan.content.items.map((i) => i.target.identityId).sort()).toEqual(held.map((i) => i.id).sort());
    expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    await drill.live.scan(drill.store);
    expect(await tokensOf()).toEqual([]);
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);

  it("uninstalls a third party's package: the re-scan lists neither its app nor any user's token for it", async () => {
    const rows = async () => (await inventorySnapshot(drill.store)).identities.filter((i) => i.gone_at === null);
    const attrs = (i: { attributes: unknown }) =>
      (typeof i.attributes === 'string' ? JSON.parse(i.attributes) : i.attributes) as Record<string, unknown>;
    const packaged = (await rows()).filter((i) => i.id.includes(':connected_app:') && attrs(i).packageNamespace);
    expect(packaged.length).toBeGreaterThan(0);
    const app = packaged.find((i) => i.name !== 'Drift') ?? packaged[0];
    const namespace = attrs(app).packageNamespace;
    const before = await rows();
    const held = before.filter((i) => attrs(i).packageNamespace === namespace);
    const others = before.filter((i) => i.id.startsWith('salesforce:') && !held.includes(i));
    const plan = await approvedPlan('salesforce.package.uninstall', [app.id]);
    expect(plan.content.items).toHaveLength(1);
    expect(plan.content.items[0].calls[1]).toMatchObject({ method: 'POST' });
    expect((await applyPlan(step(plan.id)))[0].state).toBe('done');
    expect((await verifyPlan(step(plan.id)))[0]).toMatchObject({ state: 'verified', outcome: 'package not installed' });
    expect((await rollbackPlan(step(plan.id)))[0]).toMatchObject({ state: 'no-inverse' });
    await drill.live.scan(drill.store);
    const after = await rows();
    expect(after.filter((i) => attrs(i).packageNamespace === namespace).map((i) => i.name)).toEqual([]);
    // Only the package's app and its tokens went: everything else of the org is still there.
    const ids = new Set(after.map((i) => i.id));
    expect(others.filter((i) => !ids.has(i.id))).toEqual([]);
    expect(held.length).toBeGreaterThan(1);
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);
});
