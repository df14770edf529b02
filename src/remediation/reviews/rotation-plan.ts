import { UserError } from '../../lib/errors.js';
import { appendAudit, type IdentityView, listIdentityViews, type Store } from '../../store/index.js';
import { type ActionTarget, plannedByDefault, type RemediationAction } from '../action.js';
import { buildPlan, contentHash, type Plan, type RotationRequest } from '../plan.js';
import { savePlan } from '../plans-store.js';
import { type RotationItem, rotationStatus } from './rotation.js';
import { rotationCoverage, rotationOriginPrefix } from './rotation-coverage.js';

/**
 * A rotation campaign's open credentials as remediation plans, one per owner: each credential gets its platform's
 * rotation action where one applies to it (new credential delivered once, old one retired after a grace period),
 * else the action that retires it (disable or delete, the owner making the replacement), else it is listed for
 * rotation by hand. The actions are found by what they declare (platform, native types, targets, `rotation`), never
 * by name. Every plan still needs another person's approval before anything is applied.
 */
export interface RotationPlanRequest {
  campaign: string;
  /** Only this owner's credentials (case-insensitive; `no owner` for those without one). */
  owner?: string;
  /** Every registered action: the choice per credential is made among them. */
  actions: readonly RemediationAction[];
  planner: string;
  plannerTokenId?: string | null;
  now: Date;
  dependencyDays: number;
  force: { reason: string } | null;
  /** Where new secrets go (a file per owner plan when there are several) and the grace; needed when one rotates. */
  rotation?: RotationRequest;
  /** Plan only retirements: credentials a rotation applies to are listed in `needsRotation`, not planned (the API). */
  withoutRotations?: boolean;
}

/** What a credential gets: the action, whether it rotates, and why it does not when it does not. */
export interface CredentialChoice {
  credentialId: string;
  identityId: string;
  label: string;
  owner: string;
  actionId: string | null;
  rotates: boolean;
  note: string | null;
}

export interface RotationPlanResult {
  campaignId: string;
  plans: Array<{ owner: string; planId: string; items: number; blocked: number; rotations: number }>;
  /** Every open credential considered, with its action (null: nothing applies, rotate it by hand). */
  choices: CredentialChoice[];
  /** Open credentials an earlier plan of this campaign already covers (not planned again). */
  alreadyPlanned: Array<{ credentialId: string; planId: string }>;
  /** Credentials not planned because their state is unknown (their source did not answer): see `rotation status`. */
  unknown: Array<{ credentialId: string; detail: string | null }>;
  /** With `withoutRotations`: credentials that a rotation applies to, left for a plan that can deliver the secret. */
  needsRotation: CredentialChoice[];
}

export async function planRotationCampaign(store: Store, req: RotationPlanRequest): Promise<RotationPlanResult> {
  const status = await rotationStatus(store, req.campaign, req.now);
  const owned = status.items.filter((i) => !req.owner || ownerOf(i).toLowerCase() === req.owner.toLowerCase());
  if (req.owner && owned.length === 0)
    throw new UserError(`rotation campaign ${status.name} has no credential of ${req.owner}`);
  const coverage = await rotationCoverage(store, status.id);
  const open = owned.filter((i) => i.state === 'open' && !coverage.has(i.credentialId));
  const identities = await viewsOf(store, open);
  const choices = open.map((i) => choose(i, identities.get(i.identityId), req.actions));
  const needsRotation = req.withoutRotations ? choices.filter((c) => c.rotates) : [];
  const planned = choices.filter((c) => c.actionId && !(req.withoutRotations && c.rotates));
  const plans = await buildOwnerPlans(store, status, planned, req);
  for (const { plan } of plans) await savePlan(store, plan, req.plannerTokenId ?? null);
  const result: RotationPlanResult = {
    campaignId: status.id,
    plans: plans.map(({ owner, plan }) => ({
      owner,
      planId: plan.id,
      items: plan.content.items.length,
      blocked: plan.content.items.filter((i) => i.blocked).length,
      rotations: plan.content.items.filter((i) => i.rotation).length,
    })),
    choices,
    alreadyPlanned: owned
      .filter((i) => i.state === 'open' && coverage.has(i.credentialId))
      .map((i) => ({ credentialId: i.credentialId, planId: coverage.get(i.credentialId)?.id as string })),
    unknown: owned
      .filter((i) => i.state === 'unknown')
      .map((i) => ({ credentialId: i.credentialId, detail: i.detail })),
    needsRotation,
  };
  if (plans.length) await auditPlanning(store, req, result);
  return result;
}

const ownerOf = (i: { owner: string | null }) => i.owner ?? 'no owner';

async function viewsOf(store: Store, items: RotationItem[]): Promise<Map<string, IdentityView>> {
  const ids = [...new Set(items.map((i) => i.identityId))];
  const out = new Map<string, IdentityView>();
  for (let i = 0; i < ids.length; i += 500)
    for (const v of await listIdentityViews(store, { ids: ids.slice(i, i + 500) })) out.set(v.id, v);
  return out;
}

const actsOn = (action: RemediationAction, identity: IdentityView, credentialId: string) =>
  action.platform === identity.platform &&
  action.nativeTypes.includes(identity.nativeType) &&
  action.targets(identity).some((t) => t.credentialId === credentialId);

/** The rotation that applies to the credential, else the retirement (reversible ones first), else none. */
export function choose(
  item: RotationItem,
  identity: IdentityView | undefined,
  actions: readonly RemediationAction[],
): CredentialChoice {
  const base = {
    credentialId: item.credentialId,
    identityId: item.identityId,
    label: item.label,
    owner: ownerOf(item),
  };
  if (!identity) return { ...base, actionId: null, rotates: false, note: 'its identity is no longer listed' };
  const rotation = actions.find((a) => a.rotation && actsOn(a, identity, item.credentialId));
  if (rotation) return { ...base, actionId: rotation.id, rotates: true, note: null };
  const retirements = actions
    .filter((a) => plannedByDefault(a) && actsOn(a, identity, item.credentialId))
    .sort((a, b) => Number(typeof a.inverse !== 'string') - Number(typeof b.inverse !== 'string'));
  const rotations = actions.filter(
    (a) => a.rotation && a.platform === identity.platform && a.nativeTypes.includes(identity.nativeType),
  );
  const why = rotations.length
    ? `${rotations.map((a) => a.id).join(', ')} does not apply to this credential`
    : `Steward has no rotation action for ${identity.platform} ${identity.nativeType}`;
  const [retire] = retirements;
  if (retire)
    return {
      ...base,
      actionId: retire.id,
      rotates: false,
      note: `${why}: ${retire.id} retires it; its owner makes the replacement`,
    };
  return { ...base, actionId: null, rotates: false, note: `${why}, and no action retires it: rotate it by hand` };
}

/** One plan per owner over exactly the chosen credentials (each action narrowed to them); nothing saved yet. */
async function buildOwnerPlans(
  store: Store,
  campaign: { id: string; name: string },
  chosen: CredentialChoice[],
  req: RotationPlanRequest,
): Promise<Array<{ owner: string; plan: Plan }>> {
  const owners = [...new Set(chosen.map((c) => c.owner))].sort();
  const out: Array<{ owner: string; plan: Plan }> = [];
  for (const owner of owners) {
    const mine = chosen.filter((c) => c.owner === owner);
    const wanted = new Set(mine.map((c) => `${c.actionId}\0${c.credentialId}`));
    const narrowed = [...new Set(mine.map((c) => c.actionId as string))].map((id) => {
      const action = req.actions.find((a) => a.id === id) as RemediationAction;
      const targets = (i: Parameters<RemediationAction['targets']>[0]): ActionTarget[] =>
        action.targets(i).filter((t) => wanted.has(`${id}\0${t.credentialId}`));
      return { ...action, targets };
    });
    const plan = await buildPlan(store, {
      selection: { identityIds: [...new Set(mine.map((c) => c.identityId))] },
      actions: narrowed,
      planner: req.planner,
      now: req.now,
      dependencyDays: req.dependencyDays,
      force: req.force,
      rotation: deliveryFor(req.rotation, owner, owners.length),
    });
    // The origin is signed content: name the campaign and owner in it, then hash again.
    const origin = `${rotationOriginPrefix(campaign.id)}"${campaign.name}", owner ${owner}: ${plan.content.origin}`;
    const content = { ...plan.content, origin };
    out.push({ owner, plan: { ...plan, content, contentHash: contentHash(content) } });
  }
  return out;
}

/** With several owner plans, each writes its new secrets next to the named file, suffixed with its owner. */
function deliveryFor(rotation: RotationRequest | undefined, owner: string, plans: number) {
  if (!rotation || plans === 1) return rotation;
  return { ...rotation, deliverTo: `${rotation.deliverTo}.${owner.replace(/[^A-Za-z0-9@._-]+/g, '_')}` };
}

async function auditPlanning(store: Store, req: RotationPlanRequest, r: RotationPlanResult) {
  await appendAudit(store.db, {
    actorTokenId: req.plannerTokenId ?? null,
    actorName: req.planner,
    action: 'rotation.plan',
    target: r.campaignId,
    detail: {
      owner: req.owner ?? null,
      plans: r.plans.map((p) => p.planId),
      byHand: r.choices.filter((c) => !c.actionId).map((c) => c.credentialId),
      unknown: r.unknown.length,
    },
    at: req.now.toISOString(),
  });
}
