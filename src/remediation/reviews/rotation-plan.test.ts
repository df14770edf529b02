import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../analysis/run-analysis.js';
import { StewardConfig } from '../../config/schema.js';
import { type GroundTruth, generateEstate } from '../../emulation/estate/index.js';
import { fixedClock } from '../../lib/clock.js';
import { silentLogger } from '../../lib/logger.js';
import { ANALYSIS_CATALOGUE, REMEDIATION_ACTIONS } from '../../platforms/registry.js';
import { type Store, verifyAuditChain } from '../../store/index.js';
import { ed25519Pair, type LiveEstate, startLiveEstate } from '../../testing/remediation.js';
import { openTestStore } from '../../testing/store.js';
import { addApprover, approveWithKey } from '../approval.js';
import { listPlans, loadPlan } from '../plans-store.js';
import { applyPlan } from '../workflow.js';
import { rotationStatus, startRotation } from './rotation.js';
import { planRotationCampaign } from './rotation-plan.js';

/**
 * `rotation plan` on the emulated AWS and GitHub estate (served live). Which action each credential gets is read off
 * the estate's labels with these vendor facts, written by hand:
 * - IAM allows two access keys per user, so a rotation (CreateAccessKey) needs the user's only key to be its one key;
 *   a user with two keys has no free slot: the key is deactivated (UpdateAccessKey Inactive) instead.
 * - A GitHub deploy key has no rotation API (a key is added or deleted): it is deleted.
 * - Root keys, console passwords, session tokens: no action in Steward, rotated by hand.
 * Progress comes from real changes at the emulators and a re-scan.
 */
const DAY = 86_400_000;
const PLATFORMS = ['aws', 'github'] as const;
let live: LiveEstate;
let store: Store;
let labels: GroundTruth;
let dir: string;
const bob = ed25519Pair();

beforeAll(async () => {
  live = await startLiveEstate([...PLATFORMS]);
  store = await openTestStore('sqlite');
  await live.scan(store);
  await addApprover(store, 'bob', bob.publicPem, 'admin', live.now);
  const clock = fixedClock(live.now);
  await runAnalysis({
    store,
    config: StewardConfig.parse({}),
    clock,
    log: silentLogger,
    catalogue: ANALYSIS_CATALOGUE,
  });
  labels = (await generateEstate({ platforms: [...PLATFORMS], size: 60, seed: 7, now: live.now })).labels;
  dir = mkdtempSync(join(tmpdir(), 'steward-rotation-plan-'));
}, 180_000);
afterAll(async () => {
  await store?.close();
  await live?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** credential id → the action the vendor facts above give it (null: by hand), for every labelled credential in scope. */
function expectedActions(now: Date): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const l of labels.identities) {
    const nativeType = l.id.split(':')[2];
    for (const c of l.credentials.filter((x) => x.enabled)) {
      const old = c.createdAt && now.getTime() - Date.parse(c.createdAt) > 90 * DAY;
      const expiring = c.expiresAt && Date.parse(c.expiresAt) - now.getTime() <= 30 * DAY;
      if (!old && !expiring) continue;
      const keys = l.credentials.filter((x) => x.type === 'access_key').length;
      let action: string | null = null;
      if (l.platform === 'aws' && nativeType === 'user' && c.type === 'access_key')
        action = keys === 1 ? 'aws.access-key.rotate' : 'aws.access-key.deactivate';
      if (l.platform === 'github' && nativeType === 'deploy_key') action = 'github.deploy-key.delete';
      out.set(c.id, action);
    }
  }
  return out;
}

describe('rotation plan', () => {
  const request = () => ({
    campaign: 'R',
    actions: [...REMEDIATION_ACTIONS.values()],
    planner: 'alice',
    now: new Date(live.now),
    dependencyDays: 30,
    force: { reason: 'rotation drill' },
  });

  it('refuses a rotation without a delivery file, and saves nothing', async () => {
    const now = new Date(live.now);
    await startRotation(store, {
      name: 'R',
      criteria: { olderThanDays: 90, expiringWithinDays: 30 },
      createdBy: 'alice',
      now,
    });
    await expect(planRotationCampaign(store, request())).rejects.toThrow(/--deliver-to FILE/);
    expect(await listPlans(store)).toEqual([]);
  });

  it("plans, per owner, the platform's rotation where one applies, else the retirement, else lists it for hand", async () => {
    const now = new Date(live.now);
    const expected = expectedActions(now);
    const unknownOwner = await planRotationCampaign(store, { ...request(), owner: 'no such owner' }).catch(
      (e: Error) => e.message,
    );
    expect(unknownOwner).toMatch(/has no credential of no such owner/);
    const result = await planRotationCampaign(store, {
      ...request(),
      rotation: { deliverTo: join(dir, 'new-secret'), graceSeconds: 0 },
    });
    const got = new Map(result.choices.map((c) => [c.credentialId, c.actionId]));
    expect([...got.entries()].sort()).toEqual([...expected.entries()].sort());
    expect(result.choices.filter((c) => c.actionId === 'aws.access-key.deactivate').length).toBeGreaterThan(0);
    for (const c of result.choices.filter((x) => x.actionId && !x.rotates))
      expect(c.note).toMatch(/does not apply to this credential|has no rotation action for github deploy_key/);
    // One plan per owner, covering exactly that owner's credentials; none approved yet.
    const { items } = await rotationStatus(store, 'R', now);
    const ownerOf = new Map(items.map((i) => [i.credentialId, i.owner ?? 'no owner']));
    const owners = [...new Set([...expected].filter(([, a]) => a).map(([id]) => ownerOf.get(id)))].sort();
    expect(result.plans.map((p) => p.owner)).toEqual(owners);
    for (const p of result.plans) {
      const plan = await loadPlan(store, p.planId);
      expect(plan.status).toBe('planned');
      expect(plan.content.origin).toMatch(new RegExp(`^rotation campaign ${result.campaignId} "R", owner `));
      const credentials = plan.content.items.map((i) => i.target.credentialId as string).sort();
      expect(credentials).toEqual(
        [...expected]
          .filter(([id, a]) => a && ownerOf.get(id) === p.owner)
          .map(([id]) => id)
          .sort(),
      );
      expect(plan.content.items.map((i) => i.actionId)).toEqual(credentials.map(() => expect.any(String)));
      for (const i of plan.content.items) expect(i.actionId).toBe(expected.get(i.target.credentialId as string));
    }
    // Status names the plan covering each credential; planning again plans nothing twice.
    for (const i of (await rotationStatus(store, 'R', now)).items)
      expect(i.plan?.actionId ?? null).toBe(expected.get(i.credentialId) ?? null);
    const again = await planRotationCampaign(store, request());
    expect(again.plans).toEqual([]);
    expect(again.alreadyPlanned.length).toBe([...expected.values()].filter(Boolean).length);
  });

  it('counts every planned credential done after approval, apply and a re-scan; the rest stay open', async () => {
    const now = new Date(live.now);
    const expected = expectedActions(now);
    const plans = (await listPlans(store)).map((p) => p.id);
    for (const id of plans) {
      await approveWithKey(store, await loadPlan(store, id), bob.privatePem, live.now);
      const step = { store, planId: id, runner: live.runner, actor: 'carol', now: () => new Date(live.now) };
      await applyPlan(step); // rotations: phase 1 (new key delivered); retirements done
      await applyPlan(step); // grace 0: phase 2 retires the old keys
    }
    expect(readdirSync(dir).length).toBe([...expected.values()].filter((a) => a === 'aws.access-key.rotate').length);
    await live.scan(store);
    const status = await rotationStatus(store, 'R', now);
    for (const i of status.items)
      expect({ id: i.credentialId, state: i.state }).toEqual({
        id: i.credentialId,
        state: expected.get(i.credentialId) ? 'done' : 'open',
      });
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'rotation.plan')
      .execute();
    expect(audit.length).toBe(1);
  }, 180_000);
});
