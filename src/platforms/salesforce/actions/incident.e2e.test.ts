import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import {
  addApprover,
  applyPlan,
  approveWithKey,
  buildPlan,
  loadPlan,
  savePlan,
  vendorReport,
  verifyPlan,
} from '../../../remediation/index.js';
import { type Store, verifyAuditChain } from '../../../store/index.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { openTestStore } from '../../../testing/store.js';
import { type LiveEstate, ed25519Pair, startLiveEstate } from '../../../testing/remediation.js';

/**
 * Vendor-incident mode across two platforms: DocuSign holds Entra service principals and, on Salesforce, a connected
 * app from its managed package and users' OAuth tokens for it. The holdings before come from the estate's labels
 * (its own catalogue), the plan blocks all of it, and after apply and a re-scan the report proves "0 remaining".
 */
const VENDOR = 'DocuSign';
const actions = [...REMEDIATION_ACTIONS.values()];
let live: LiveEstate;
let store: Store;
let labels: Array<{ id: string; platform: string; name: string; thirdParty: boolean; enabled: boolean }>;
const bob = ed25519Pair();

beforeAll(async () => {
  live = await startLiveEstate(['entra', 'salesforce'], 7, 200);
  store = await openTestStore('sqlite');
  await live.scan(store);
  await addApprover(store, 'bob', bob.publicPem, 'admin', live.now);
  // The same estate again (generation is deterministic): its labels are the ground truth.
  const estate = await generateEstate({ platforms: ['entra', 'salesforce'], size: 200, seed: 7, now: live.now });
  labels = estate.labels.identities;
}, 180_000);
afterAll(async () => {
  await store?.close();
  await live?.close();
});

describe('vendor incident on Salesforce and Entra', () => {
  it("finds every one of the vendor's holdings the labels name, blocks them all, and proves 0 remaining", async () => {
    const truth = labels.filter((l) => l.thirdParty && l.enabled && l.name.includes(VENDOR));
    expect(new Set(truth.map((l) => l.platform))).toEqual(new Set(['entra', 'salesforce']));
    const before = await vendorReport(store, VENDOR, actions);
    expect(before.remaining.map((r) => r.identityId).sort()).toEqual(truth.map((l) => l.id).sort());
    const salesforce = before.remaining.filter((r) => r.platform === 'salesforce');
    expect(new Set(salesforce.flatMap((r) => r.actions))).toEqual(
      new Set(['salesforce.package.uninstall', 'salesforce.oauth-token.revoke']),
    );

    const plan = await buildPlan(store, {
      selection: { vendor: VENDOR },
      actions: actions.filter((a) => a.disruptive),
      planner: 'alice',
      now: new Date(live.now),
      dependencyDays: 30,
      force: { reason: 'vendor breach drill' },
    });
    await savePlan(store, plan);
    await approveWithKey(store, await loadPlan(store, plan.id), bob.privatePem, live.now);
    const step = { store, planId: plan.id, runner: live.runner, actor: 'carol', now: () => new Date(live.now) };
    const applied = await applyPlan(step);
    expect(applied.filter((o) => o.state !== 'done')).toEqual([]);
    expect((await verifyPlan(step)).filter((o) => o.state !== 'verified')).toEqual([]);

    await live.scan(store);
    const after = await vendorReport(store, VENDOR, actions);
    expect(after.remaining).toEqual([]);
    expect(after.unverifiedTenants).toEqual([]);
    expect(after.complete).toBe(true);
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
  }, 180_000);
});
