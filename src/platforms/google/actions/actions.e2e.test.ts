import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { applyPlan, buildPlan, rollbackPlan, vendorReport, verifyPlan } from '../../../remediation/index.js';
import { verifyAuditChain } from '../../../store/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';
import { rotateAndUndo, rotateEndToEnd } from '../../../testing/rotation-drill.js';
import { googleClients } from './google-clients.js';
import { saKeyRotate } from './sa-key-rotate.js';
import { listIdentityViews } from '../../../store/index.js';

/** Google actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('google');
const { approvedPlan, step } = drill;

/** Applies a reversible plan, checks the re-scan shows it, rolls back, and checks the inventory is as at the start. */
async function roundTrip(actionId: string, rescanned: (ids: Set<string>) => Promise<void>) {
  const start = await inventorySnapshot(drill.store);
  const plan = await approvedPlan(actionId);
  expect(plan.content.items.length).toBeGreaterThan(0);
  expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
  expect((await verifyPlan(step(plan.id))).every((o) => o.outcome === 'disabled true')).toBe(true);
  await drill.live.scan(drill.store);
  await rescanned(new Set(plan.content.items.map((i) => i.target.credentialId ?? i.target.identityId)));
  expect((await rollbackPlan(step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
  await drill.live.scan(drill.store);
  expect(await inventorySnapshot(drill.store)).toEqual(start);
  expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
}

describe('google actions', () => {
  it('disables service-account keys and rolls back to the starting inventory', async () => {
    await roundTrip('google.sa-key.disable', async (keyIds) => {
      const after = (await inventorySnapshot(drill.store)).credentials.filter((c) => keyIds.has(c.id));
      expect(after.map((c) => c.enabled)).toEqual([...keyIds].map(() => 0));
      for (const c of after)
        expect(JSON.parse(String(c.attributes)).disableReason).toBe(
          'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED',
        );
    });
  }, 120_000);

  it('disables service accounts and rolls back to the starting inventory', async () => {
    await roundTrip('google.service-account.disable', async (ids) => {
      const after = (await inventorySnapshot(drill.store)).identities.filter((i) => ids.has(i.id));
      expect(after.map((i) => i.enabled)).toEqual([...ids].map(() => 0));
    });
  }, 120_000);

  it("revokes an OAuth client's tokens for every user; rollback reports no inverse and the client is gone", async () => {
    const probe = await buildPlan(drill.store, {
      selection: { platform: 'google' },
      actions: [REMEDIATION_ACTIONS.get('google.oauth-client.revoke')!],
      planner: 'alice',
      now: new Date(drill.live.now),
      dependencyDays: 30,
      force: { reason: 'drill' },
    });
    // The client most users granted: the revocation has to reach every one of them.
    const widest = probe.content.items.reduce((a, b) =>
      Number(b.target.params.grantedUsers) > Number(a.target.params.grantedUsers) ? b : a,
    );
    expect(Number(widest.target.params.grantedUsers)).toBeGreaterThan(1);
    // Vendor-incident mode finds clients by name: the client is held, and revoking is the action that would end it.
    const { name } = (await inventorySnapshot(drill.store)).identities.find((i) => i.id === widest.target.identityId)!;
    const incident = () => vendorReport(drill.store, name, [...REMEDIATION_ACTIONS.values()]);
    const before = await incident();
    expect(before.remaining).toContainEqual(
      expect.objectContaining({ identityId: widest.target.identityId, actions: ['google.oauth-client.revoke'] }),
    );
    const plan = await approvedPlan('google.oauth-client.revoke', [widest.target.identityId]);
    const [item] = plan.content.items;
    expect(item.inverse).toBeNull();
    expect((await applyPlan(step(plan.id)))[0].state).toBe('done');
    expect((await verifyPlan(step(plan.id)))[0]).toMatchObject({ state: 'verified', outcome: 'no user holds a token' });
    expect((await rollbackPlan(step(plan.id)))[0]).toMatchObject({ state: 'no-inverse' });
    await drill.live.scan(drill.store);
    const after = (await inventorySnapshot(drill.store)).identities.find((i) => i.id === item.target.identityId);
    expect(after?.gone_at).not.toBeNull();
    // Vendor-incident mode's proof: the client is no longer held, and the scan that says so succeeded.
    const later = await incident();
    expect(later.remaining.map((h) => h.identityId)).not.toContain(widest.target.identityId);
    expect(later).toMatchObject({ found: before.found - 1, unverifiedTenants: [] });
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);

  it('a user whose tokens cannot be read fails the revocation (unknown, not "nobody holds it"); re-running resumes', async () => {
    const plan = await approvedPlan('google.oauth-client.revoke');
    const ordinal = plan.content.items[0].ordinal;
    const faults = drill.live.emulated.started.find((p) => p.tenants[0]?.platform === 'google')!.emulator.faults;
    faults.set({ endpoints: [{ endpoint: 'GET /admin/directory/v1/users/{userKey}/tokens', fault: '403' }] });
    try {
      const failed = (await applyPlan(step(plan.id))).find((o) => o.ordinal === ordinal);
      expect(failed?.state).toBe('failed');
      expect(failed?.outcome).toContain('GET /admin/directory/v1/users/{userKey}/tokens');
      expect(failed?.outcome).toContain('403');
    } finally {
      faults.reset();
    }
    expect((await applyPlan(step(plan.id))).find((o) => o.ordinal === ordinal)?.state).toBe('done');
    expect((await verifyPlan(step(plan.id))).find((o) => o.ordinal === ordinal)?.outcome).toBe('no user holds a token');
  }, 120_000);
});

describe('google.sa-key.rotate', () => {
  it('creates a key whose file is delivered once, disables and deletes the old key only after the grace period', async () => {
    await rotateEndToEnd(drill, 'google.sa-key.rotate', 'GOOGLE_CREDENTIALS_JSON');
  }, 120_000);

  it('rolls back before the grace ends: the new key deleted, the inventory as at the start', async () => {
    await rotateAndUndo(drill, 'google.sa-key.rotate');
  }, 120_000);

  it('the emulator answers keys.create and keys.delete as IAM documents them (key file, 10-key limit, 404)', async () => {
    const tenant = drill.live.emulated.tenants.find((t) => t.platform === 'google')!.tenant;
    const options = drill.live.runner.context('google', tenant).options as object;
    const keys = (await googleClients({ options: { ...options, maxRetries: 0 } }, tenant).iam()).projects
      .serviceAccounts.keys;
    const accounts = await listIdentityViews(drill.store, { platform: 'google' });
    const target = accounts.flatMap((a) => saKeyRotate.targets(a))[0];
    const name = target.params.account;
    const before = (await keys.list({ name })).data.keys ?? [];
    const created: Array<{ name?: string | null; privateKeyData?: string | null }> = [];
    for (let n = before.length; n < 10; n++) created.push((await keys.create({ name, requestBody: {} })).data);
    expect(created.length).toBeGreaterThan(0);
    const file = JSON.parse(Buffer.from(created[0].privateKeyData ?? '', 'base64').toString('utf8'));
    const keyId = created[0].name?.split('/').pop();
    expect(created[0]).toMatchObject({ privateKeyType: 'TYPE_GOOGLE_CREDENTIALS_FILE', keyType: 'USER_MANAGED' });
    expect(file).toMatchObject({ type: 'service_account', private_key_id: keyId, client_email: name.split('/').pop() });
    expect(file.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const listed = (await keys.list({ name })).data.keys ?? [];
    expect(listed.find((k) => k.name === created[0].name)?.privateKeyData).toBeUndefined();
    await expect(keys.create({ name, requestBody: {} })).rejects.toMatchObject({
      status: 400,
      response: { data: { error: { status: 'FAILED_PRECONDITION' } } },
    });
    for (const key of created) await keys.delete({ name: key.name as string });
    await expect(keys.delete({ name: created[0].name as string })).rejects.toMatchObject({ status: 404 });
    expect((await keys.list({ name })).data.keys ?? []).toEqual(before);
  }, 60_000);
});
