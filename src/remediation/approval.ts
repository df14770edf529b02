import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { UserError } from '../lib/errors.js';
import { appendAudit, type Store } from '../store/index.js';
import { RemediationRefused } from './canonical.js';
import type { StoredPlan } from './plans-store.js';

/**
 * Approval by someone other than the planner. On the command line an approval is an Ed25519 signature (node:crypto)
 * over the plan's id and content hash, by the private key of a registered approver (`steward approvers add NAME
 * --public-key FILE`): the key says who approves, so a planner cannot approve as someone else without their key.
 * Through the API the approver is the token's identity (role analyst or admin). Apply re-checks every approval
 * against the plan's current content, so a plan changed after approval has no valid approval.
 */

/** What an approver signs: the plan and the exact content it approves. */
export const approvalMessage = (planId: string, contentHash: string) =>
  Buffer.from(`steward remediation plan approval v1\n${planId}\n${contentHash}\n`, 'utf8');

export function readPublicKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new UserError(`${where}: not a PEM public key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UserError(`${where}: an Ed25519 key is needed, not ${key.asymmetricKeyType}`);
  return key;
}

export function readPrivateKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new UserError(`${where}: not a PEM private key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UserError(`${where}: an Ed25519 key is needed, not ${key.asymmetricKeyType}`);
  return key;
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

export async function addApprover(store: Store, name: string, publicKeyPem: string, by: string, at: string) {
  if (!/^[A-Za-z0-9._@-]+$/.test(name))
    throw new UserError(`approver name "${name}": use letters, digits, ".", "_", "@" or "-"`);
  const pem = spki(readPublicKey(publicKeyPem, `public key of ${name}`));
  const existing = await store.db.selectFrom('approvers').select('name').where('name', '=', name).executeTakeFirst();
  if (existing) throw new UserError(`approver ${name} is already registered`);
  await store.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('approvers')
      .values({ name, public_key: pem, added_at: at, added_by: by, removed_at: null })
      .execute();
    await appendAudit(tx, {
      actorTokenId: null,
      actorName: by,
      action: 'approver.add',
      target: name,
      detail: { publicKey: pem },
      at,
    });
  });
}

async function approverOfKey(store: Store, publicKey: KeyObject): Promise<string> {
  const pem = spki(publicKey);
  const rows = await store.db
    .selectFrom('approvers')
    .select(['name', 'public_key'])
    .where('removed_at', 'is', null)
    .execute();
  const found = rows.find((r) => r.public_key === pem);
  if (!found) throw new RemediationRefused('this key belongs to no registered approver (see `steward approvers add`)');
  return found.name;
}

function refuseUnapprovable(plan: StoredPlan, approver: string): void {
  if (plan.actualHash !== plan.contentHash)
    throw new RemediationRefused(
      `plan ${plan.id} was changed after it was made (content hash mismatch): make a new plan`,
    );
  if (sameActor(approver, plan.content.planner))
    throw new RemediationRefused(`${approver} made plan ${plan.id} and cannot approve it: another person must`);
  if (plan.status !== 'planned' && plan.status !== 'approved')
    throw new RemediationRefused(`plan ${plan.id} is ${plan.status}; only a planned plan can be approved`);
}

const sameActor = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Signs and records a CLI approval; returns the approver's name (the registered owner of the key). */
export async function approveWithKey(store: Store, plan: StoredPlan, privateKeyPem: string, at: string) {
  const privateKey = readPrivateKey(privateKeyPem, '--key');
  const approver = await approverOfKey(store, createPublicKey(privateKey));
  refuseUnapprovable(plan, approver);
  const signature = sign(null, approvalMessage(plan.id, plan.contentHash), privateKey).toString('base64');
  await recordApproval(store, plan, { approver, method: 'signature', signature, at });
  return approver;
}

/** Records an API approval: the token's identity approves (the route has checked its role). */
export async function approveAsToken(store: Store, plan: StoredPlan, tokenName: string, tokenId: string, at: string) {
  refuseUnapprovable(plan, tokenName);
  await recordApproval(store, plan, { approver: tokenName, method: 'api-token', signature: null, at, tokenId });
}

async function recordApproval(
  store: Store,
  plan: StoredPlan,
  a: { approver: string; method: string; signature: string | null; at: string; tokenId?: string },
) {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('remediation_approvals')
      .where('plan_id', '=', plan.id)
      .where('approver', '=', a.approver)
      .execute();
    await tx
      .insertInto('remediation_approvals')
      .values({
        plan_id: plan.id,
        approver: a.approver,
        content_hash: plan.contentHash,
        method: a.method,
        signature: a.signature,
        at: a.at,
      })
      .execute();
    await tx.updateTable('remediation_plans').set({ status: 'approved' }).where('id', '=', plan.id).execute();
    await appendAudit(tx, {
      actorTokenId: a.tokenId ?? null,
      actorName: a.approver,
      action: 'remediation.approve',
      target: plan.id,
      detail: { contentHash: plan.contentHash, method: a.method, signature: a.signature },
      at: a.at,
    });
  });
}

/**
 * The approval `apply` and `rollback` need: the plan's content unchanged since planning, and one approval of exactly
 * that content by someone other than the planner, whose signature (CLI) still verifies with a registered key.
 * Returns the approvers' names; throws RemediationRefused otherwise.
 */
export async function requireApproval(store: Store, plan: StoredPlan): Promise<string[]> {
  if (plan.actualHash !== plan.contentHash)
    throw new RemediationRefused(
      `plan ${plan.id} was changed after it was made (content hash mismatch): nothing applied`,
    );
  const approvals = await store.db
    .selectFrom('remediation_approvals')
    .selectAll()
    .where('plan_id', '=', plan.id)
    .execute();
  const keys = new Map(
    (await store.db.selectFrom('approvers').selectAll().where('removed_at', 'is', null).execute()).map((r) => [
      r.name,
      r.public_key,
    ]),
  );
  const valid = approvals.filter((a) => {
    if (a.content_hash !== plan.actualHash || sameActor(a.approver, plan.content.planner)) return false;
    if (a.method === 'api-token') return true;
    const pem = keys.get(a.approver);
    return (
      !!pem &&
      !!a.signature &&
      verify(null, approvalMessage(plan.id, plan.actualHash), createPublicKey(pem), Buffer.from(a.signature, 'base64'))
    );
  });
  if (valid.length === 0)
    throw new RemediationRefused(
      `plan ${plan.id} has no valid approval by someone other than its planner (${plan.content.planner}): nothing applied` +
        (approvals.length ? ` (${approvals.length} approval(s) do not match its current content or key)` : ''),
    );
  return valid.map((a) => a.approver);
}
