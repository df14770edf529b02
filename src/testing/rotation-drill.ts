import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { REMEDIATION_ACTIONS } from '../platforms/registry.js';
import {
  applyPlan,
  approveWithKey,
  buildPlan,
  itemStates,
  loadPlan,
  type Plan,
  rollbackPlan,
  savePlan,
  verifyPlan,
} from '../remediation/index.js';
import { type Store, verifyAuditChain } from '../store/index.js';
import { type actionDrill, inventorySnapshot } from './remediation.js';

/**
 * A rotation action end to end on its platform's live estate (see actionDrill): plan with a delivery file and a grace
 * period → approved by bob → apply (phase 1: the new secret in the file, 0600) → verify → apply before the grace ends
 * changes nothing → re-scan shows both credentials → apply after the grace (the clock injected) → verify → re-scan
 * shows the old credential gone and the new one present; the secret is nowhere in the store file or the audit rows.
 */

type Drill = ReturnType<typeof actionDrill>;

const GRACE_SECONDS = 7 * 86_400;

/** The `NAME=value` lines of a delivered file. */
export function deliveredFields(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Plans `actionId` on the first identity with exactly one target (not in `skip`), approved by bob. */
export async function approvedRotation(drill: Drill, actionId: string, deliverTo: string, skip: string[] = []) {
  const action = REMEDIATION_ACTIONS.get(actionId)!;
  const request = (identityIds?: string[]) => ({
    selection: { platform: action.platform, identityIds },
    actions: [action],
    planner: 'alice',
    now: new Date(drill.live.now),
    dependencyDays: 30,
    force: null,
    rotation: { deliverTo, graceSeconds: GRACE_SECONDS },
  });
  const probe = await buildPlan(drill.store, request());
  const counts = new Map<string, number>();
  for (const i of probe.content.items) counts.set(i.target.identityId, (counts.get(i.target.identityId) ?? 0) + 1);
  const identityId = [...counts].find(([id, n]) => n === 1 && !skip.includes(id))?.[0];
  if (!identityId) throw new Error(`no identity with exactly one ${actionId} target`);
  const plan = await buildPlan(drill.store, request([identityId]));
  await savePlan(drill.store, plan);
  await approveWithKey(drill.store, await loadPlan(drill.store, plan.id), drill.bob.privatePem, drill.live.now);
  return plan;
}

const at = (drill: Drill, planId: string, offsetSeconds: number) => ({
  ...drill.step(planId),
  now: () => new Date(Date.parse(drill.live.now) + offsetSeconds * 1000),
});

async function auditRows(store: Store) {
  return store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
}

/** The store's SQLite file and its WAL, as bytes (what a secret must never be in). */
async function storeBytes(store: Store): Promise<string> {
  const { rows } = await sql<{ file: string }>`PRAGMA database_list`.execute(store.db);
  const file = rows.find((r) => r.file)?.file ?? '';
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

/** A credential's vendor key id: both platforms end their credential ids with it (`…:<keyId>`). */
const keyIdOf = (credential: { id: string }) => credential.id.slice(credential.id.lastIndexOf(':') + 1);

/** `secretField`: the delivered file's line that holds the secret. */
export async function rotateEndToEnd(drill: Drill, actionId: string, secretField: string) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-rotate-'));
  const plan = await approvedRotation(drill, actionId, join(dir, 'new-secret.env'));
  const [item] = plan.content.items;
  const file = item.rotation!.deliverTo;
  expect(item.rotation?.graceSeconds).toBe(GRACE_SECONDS);
  expect(item.calls.map((c) => c.phase)).toContain(2);

  const first = await applyPlan(at(drill, plan.id, 0));
  expect(first[0].state).toBe('awaiting-grace');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const fields = deliveredFields(file);
  const secret = fields[secretField];
  expect(secret?.length).toBeGreaterThan(15);
  expect((await loadPlan(drill.store, plan.id)).status).toBe('applying');
  const [verified] = await verifyPlan(at(drill, plan.id, 60));
  expect(verified).toMatchObject({ state: 'awaiting-grace' });
  expect(verified.outcome).toMatch(/^phase 1 verified/);
  const phase1 = (await auditRows(drill.store)).find(
    (r) => r.target === `${plan.id}#${item.ordinal}` && r.action === 'remediation.apply',
  );
  const newKeyId = JSON.parse(phase1?.detail ?? '{}').newKeyId as string;
  expect(newKeyId).toMatch(/\S{10,}/);
  expect(Object.values(fields)).toContain(newKeyId);

  // Before the grace ends, apply does nothing: no state change, no audit row.
  const rowsBefore = (await auditRows(drill.store)).length;
  const statesBefore = await itemStates(drill.store, plan.id);
  await applyPlan(at(drill, plan.id, GRACE_SECONDS - 1));
  expect((await auditRows(drill.store)).length).toBe(rowsBefore);
  expect(await itemStates(drill.store, plan.id)).toEqual(statesBefore);

  await drill.live.scan(drill.store);
  const names = async () =>
    (await inventorySnapshot(drill.store)).credentials
      .filter((c) => c.identity_id === item.target.identityId)
      .map(keyIdOf);
  const oldKeyId = item.target.params.keyId ?? item.target.params.accessKeyId;
  expect(await names()).toEqual(expect.arrayContaining([oldKeyId, newKeyId]));

  const second = await applyPlan(at(drill, plan.id, GRACE_SECONDS + 1));
  expect(second[0]).toMatchObject({ state: 'done', outcome: 'applied' });
  expect((await loadPlan(drill.store, plan.id)).status).toBe('applied');
  expect((await verifyPlan(at(drill, plan.id, GRACE_SECONDS + 2)))[0].state).toBe('verified');
  const rowsDone = (await auditRows(drill.store)).length;
  await applyPlan(at(drill, plan.id, GRACE_SECONDS + 3)); // resumes: nothing left to do
  expect((await auditRows(drill.store)).length).toBe(rowsDone);

  await drill.live.scan(drill.store);
  const after = await names();
  expect(after).toContain(newKeyId);
  expect(after).not.toContain(oldKeyId);

  expect((await rollbackPlan(at(drill, plan.id, GRACE_SECONDS + 4)))[0].state).toBe('no-inverse');
  const audit = await auditRows(drill.store);
  expect(audit.some((r) => r.detail.includes(newKeyId))).toBe(true);
  expect(audit.some((r) => r.detail.includes(secret))).toBe(false);
  const bytes = await storeBytes(drill.store);
  expect(bytes).toContain(newKeyId); // the store file is really read: the new key's id is in it
  expect(bytes).not.toContain(secret);
  expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
}

/** Phase 1, then rollback before the grace ends: the inventory returns exactly to the start; a taken file is refused. */
export async function rotateAndUndo(drill: Drill, actionId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-rotate-'));
  const start = await inventorySnapshot(drill.store);
  const plan: Plan = await approvedRotation(drill, actionId, join(dir, 'undo.env'));
  const file = plan.content.items[0].rotation!.deliverTo;
  writeFileSync(file, 'someone else\n');
  const refused = await applyPlan(drill.step(plan.id));
  expect(refused[0].state).toBe('failed');
  expect(refused[0].outcome).toContain('refusing to overwrite');
  expect(readFileSync(file, 'utf8')).toBe('someone else\n');
  await drill.live.scan(drill.store);
  expect(await inventorySnapshot(drill.store)).toEqual(start);

  const planB = await approvedRotation(drill, actionId, join(dir, 'undo-b.env'));
  expect((await applyPlan(drill.step(planB.id)))[0].state).toBe('awaiting-grace');
  const rolled = await rollbackPlan(drill.step(planB.id));
  expect(rolled[0]).toMatchObject({ state: 'rolled-back' });
  await drill.live.scan(drill.store);
  expect(await inventorySnapshot(drill.store)).toEqual(start);
  expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
}
