import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../platforms/registry.js';
import { verifyAuditChain, type Store } from '../store/index.js';
import { ed25519Pair, inventorySnapshot, type LiveEstate, startLiveEstate } from '../testing/remediation.js';
import { openTestStore } from '../testing/store.js';
import {
  addApprover,
  applyPlan,
  approveWithKey,
  buildPlan,
  loadPlan,
  RemediationRefused,
  rollbackPlan,
  savePlan,
  verifyPlan,
} from './index.js';

/**
 * The safe workflow on the emulated AWS estate: approval by another person, refusal of an unapproved or changed plan,
 * the dependency check, idempotent apply, verify, rollback to the starting inventory, and the audit chain.
 */

const deactivate = REMEDIATION_ACTIONS.get('aws.access-key.deactivate')!;
let live: LiveEstate;
let store: Store;
const alice = ed25519Pair();
const bob = ed25519Pair();

beforeAll(async () => {
  live = await startLiveEstate(['aws']);
  store = await openTestStore('sqlite');
  await live.scan(store);
  await addApprover(store, 'alice', alice.publicPem, 'admin', live.now);
  await addApprover(store, 'bob', bob.publicPem, 'admin', live.now);
}, 120_000);
afterAll(async () => {
  await store?.close();
  await live?.close();
});

const plan = (force: { reason: string } | null = { reason: 'drill' }) =>
  buildPlan(store, {
    selection: { platform: 'aws' },
    actions: [deactivate],
    planner: 'alice',
    now: new Date(live.now),
    dependencyDays: 30,
    force,
  });
const step = (planId: string, actor = 'carol') => ({
  store,
  planId,
  runner: live.runner,
  actor,
  now: () => new Date(live.now),
});

describe('remediation workflow', () => {
  it('refuses to apply a plan nobody else approved, and the planner approving their own plan', async () => {
    const p = await plan();
    await savePlan(store, p);
    await expect(applyPlan(step(p.id))).rejects.toThrow(/no valid approval by someone other than its planner/);
    await expect(approveWithKey(store, await loadPlan(store, p.id), alice.privatePem, live.now)).rejects.toThrow(
      /alice made plan .* cannot approve it/,
    );
    await expect(applyPlan(step(p.id))).rejects.toBeInstanceOf(RemediationRefused);
    const unregistered = ed25519Pair();
    await expect(approveWithKey(store, await loadPlan(store, p.id), unregistered.privatePem, live.now)).rejects.toThrow(
      /no registered approver/,
    );
  });

  it('refuses a plan changed after approval', async () => {
    const p = await plan();
    await savePlan(store, p);
    expect(await approveWithKey(store, await loadPlan(store, p.id), bob.privatePem, live.now)).toBe('bob');
    // Someone with write access to the store points the first item at another key.
    const stored = await loadPlan(store, p.id);
    stored.content.items[0].target.params.accessKeyId = 'AKIAEVILEVILEVILEVIL';
    await store.db
      .updateTable('remediation_plans')
      .set({ content: JSON.stringify(stored.content) })
      .where('id', '=', p.id)
      .execute();
    await expect(applyPlan(step(p.id))).rejects.toThrow(/changed after it was made/);
  });

  it('blocks recently used or unknown-use keys without --force, and lets them through with a reason', async () => {
    const unforced = await plan(null);
    const blocked = unforced.content.items.filter((i) => i.blocked);
    expect(blocked.length).toBeGreaterThan(0);
    for (const item of blocked) expect(['recent', 'unknown']).toContain(item.usage?.status);
    const recent = blocked.find((i) => i.usage?.status === 'recent')!;
    expect(Date.parse(live.now) - Date.parse(recent.usage!.lastUsedAt!)).toBeLessThan(30 * 86_400_000);
    const forced = await plan({ reason: 'incident 42' });
    expect(forced.content.items.filter((i) => i.blocked)).toEqual([]);
    expect(forced.content.items.filter((i) => i.forced).length).toBe(blocked.length);
    expect(forced.content.force).toEqual({ reason: 'incident 42' });
  });

  it('apply → verify → re-scan → rollback → re-scan returns the inventory to its starting rows', async () => {
    const start = await inventorySnapshot(store);
    const p = await plan();
    await savePlan(store, p);
    await approveWithKey(store, await loadPlan(store, p.id), bob.privatePem, live.now);
    const applied = await applyPlan(step(p.id));
    expect(applied.map((o) => o.state)).toEqual(p.content.items.map(() => 'done'));
    // Re-running resumes: nothing left to do, nothing called again.
    expect((await applyPlan(step(p.id))).map((o) => o.outcome)).toEqual(applied.map((o) => o.outcome));
    const verified = await verifyPlan(step(p.id));
    expect(verified.every((o) => o.state === 'verified' && o.outcome === 'Status Inactive')).toBe(true);

    await live.scan(store);
    const after = await inventorySnapshot(store);
    const keyIds = new Set(p.content.items.map((i) => i.target.credentialId));
    const changed = after.credentials.filter((c) => keyIds.has(c.id));
    expect(changed).toHaveLength(keyIds.size);
    expect(changed.every((c) => c.enabled === 0 && JSON.parse(c.attributes).status === 'Inactive')).toBe(true);

    const rolled = await rollbackPlan(step(p.id));
    expect(rolled.every((o) => o.state === 'rolled-back')).toBe(true);
    await live.scan(store);
    expect(await inventorySnapshot(store)).toEqual(start);

    const chain = await verifyAuditChain(store.db);
    expect(chain.broken).toBeNull();
    const steps = await store.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('target', 'like', `${p.id}%`)
      .orderBy('seq')
      .execute();
    const n = p.content.items.length;
    expect(steps.map((s) => s.action)).toEqual([
      'remediation.plan',
      'remediation.approve',
      ...Array(n).fill('remediation.apply'),
      ...Array(n).fill('remediation.verify'),
      ...Array(n).fill('remediation.rollback'),
    ]);
  }, 120_000);

  it('audit verify names the first tampered row', async () => {
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
    const row = await store.db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await sql`update audit_log set actor_name = 'mallory' where id = ${row.id}`.execute(store.db);
    const report = await verifyAuditChain(store.db);
    expect(report.broken).toMatchObject({ seq: 3, id: row.id });
    expect(report.broken?.reason).toMatch(/hash does not match/);
    expect(report.rows).toBe(2);
  });
});
