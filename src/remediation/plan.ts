import { randomUUID } from 'node:crypto';
import { UserError } from '../lib/errors.js';
import type { Identity } from '../model/index.js';
import { type IdentityFilter, listIdentityViews, type Store } from '../store/index.js';
import { type ActionTarget, type ApiCall, inverseOf, type RemediationAction, type StateChange } from './action.js';
import { canonicalJson, RemediationRefused, sha256 } from './canonical.js';
import { blocks, checkUsage, type UsageCheck } from './dependency.js';
import { planRotations } from './rotation.js';

/** What a plan acts on: one finding, a rule's open findings, a vendor's apps, or an inventory filter. */
export interface PlanSelection {
  findingId?: string;
  ruleId?: string;
  /** Third-party identities whose publisher or name contains this (case-insensitive). */
  vendor?: string;
  platform?: string;
  tenant?: string;
  identityIds?: string[];
  text?: string;
}

export interface PlanRequest {
  selection: PlanSelection;
  /** The actions to plan (each on the identities it applies to). */
  actions: readonly RemediationAction[];
  planner: string;
  now: Date;
  dependencyDays: number;
  /** Lets items the dependency check blocks through; the reason is part of what approvers sign. */
  force: { reason: string } | null;
  /** For rotations: where the new secret is written (a file that must not exist yet) and the grace period. */
  rotation?: RotationRequest;
}

export interface RotationRequest {
  /** A file path; with several rotation items each gets `<path>.<ordinal>`. */
  deliverTo: string;
  graceSeconds: number;
}

/** A rotation item's hand-off, signed with the plan: where its secret goes, and how long both credentials live. */
export interface ItemRotation {
  deliverTo: string;
  graceSeconds: number;
}

export interface PlanItem {
  ordinal: number;
  actionId: string;
  title: string;
  permission: string;
  /** The inverse action's id; null when there is none (then `noInverse` says why). */
  inverse: string | null;
  noInverse: string | null;
  target: ActionTarget;
  calls: ApiCall[];
  changes: StateChange[];
  /** The dependency check (null for an action that cannot break anything, e.g. re-enabling). */
  usage: UsageCheck | null;
  /** Blocked by the dependency check and not forced: apply skips it. */
  blocked: boolean;
  forced: boolean;
  /** Set on a rotation (two phases): see ./rotation.ts. */
  rotation?: ItemRotation;
}

export interface PlanContent {
  version: 1;
  planner: string;
  createdAt: string;
  origin: string;
  dependencyDays: number;
  force: { reason: string } | null;
  items: PlanItem[];
}

export interface Plan {
  id: string;
  content: PlanContent;
  /** sha256 of the content's canonical JSON: what an approval signs. */
  contentHash: string;
}

/** Builds a plan (nothing is written; `savePlan` stores it). Throws a UserError when it would be empty. */
export async function buildPlan(store: Store, request: PlanRequest): Promise<Plan> {
  const identities = await selectIdentities(store, request.selection);
  const items: PlanItem[] = [];
  for (const identity of identities)
    for (const action of request.actions) {
      if (!action.nativeTypes.includes(identity.nativeType) || action.platform !== identity.platform) continue;
      for (const target of action.targets(identity))
        items.push(planItem(items.length + 1, action, identity, target, request));
    }
  planRotations(items, request, (id) => !!request.actions.find((a) => a.id === id)?.rotation);
  if (items.length === 0) refuseWithReasons(identities, request.actions);
  if (items.length === 0)
    throw new UserError(
      `nothing to plan: ${describeSelection(request.selection)} selects ${identities.length} identit${identities.length === 1 ? 'y' : 'ies'} and no action among ${request.actions.map((a) => a.id).join(', ') || '(none)'} applies to them`,
    );
  const content: PlanContent = {
    version: 1,
    planner: request.planner,
    createdAt: request.now.toISOString(),
    origin: describeSelection(request.selection),
    dependencyDays: request.dependencyDays,
    force: request.force,
    items,
  };
  return { id: `plan-${randomUUID().slice(0, 8)}`, content, contentHash: contentHash(content) };
}

/** An empty plan whose actions refused some identities, with their reasons (exit 5), rather than "nothing to plan". */
function refuseWithReasons(identities: Identity[], actions: readonly RemediationAction[]): void {
  const reasons = identities.flatMap((identity) =>
    actions
      .filter((a) => a.platform === identity.platform && a.nativeTypes.includes(identity.nativeType))
      .map((a) => a.whyNot?.(identity))
      .filter((r): r is string => !!r),
  );
  if (reasons.length === 0) return;
  const shown = reasons.slice(0, 5).join('; ');
  throw new RemediationRefused(
    `nothing to plan: ${shown}${reasons.length > 5 ? ` (and ${reasons.length - 5} more)` : ''}`,
  );
}

export const contentHash = (content: PlanContent) => sha256(canonicalJson(content));

function planItem(
  ordinal: number,
  action: RemediationAction,
  identity: Identity,
  target: ActionTarget,
  request: PlanRequest,
): PlanItem {
  const usage = action.disruptive ? checkUsage(identity, target, request.now, request.dependencyDays) : null;
  const wouldBlock = usage !== null && blocks(usage);
  const { calls, changes } = action.describe(target);
  return {
    ordinal,
    actionId: action.id,
    title: action.title,
    permission: action.permission,
    inverse: inverseOf(action),
    noInverse: typeof action.inverse === 'string' ? null : action.inverse.none,
    target,
    calls,
    changes,
    usage,
    blocked: wouldBlock && !request.force,
    forced: wouldBlock && !!request.force,
  };
}

export async function selectIdentities(store: Store, selection: PlanSelection): Promise<Identity[]> {
  const filter: IdentityFilter = {
    platform: selection.platform,
    tenant: selection.tenant,
    text: selection.text,
    ids: selection.identityIds,
  };
  if (selection.findingId) filter.ids = [await identityOfFinding(store, selection.findingId)];
  if (selection.ruleId) filter.ids = await identitiesOfRule(store, selection.ruleId);
  if (filter.ids?.length === 0) return [];
  const views = await listIdentityViews(store, filter);
  if (!selection.vendor) return views;
  const needle = selection.vendor.toLowerCase();
  return views.filter(
    (v) =>
      v.thirdParty && [v.publisher?.name, v.publisher?.domain, v.name].some((s) => s?.toLowerCase().includes(needle)),
  );
}

async function identityOfFinding(store: Store, findingId: string): Promise<string> {
  const row = await store.db
    .selectFrom('findings')
    .select('identity_id')
    .where('id', '=', findingId)
    .executeTakeFirst();
  if (!row) throw new UserError(`no finding ${findingId} (see \`steward findings\`)`);
  return row.identity_id;
}

async function identitiesOfRule(store: Store, ruleId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('findings')
    .select('identity_id')
    .distinct()
    .where('rule_id', '=', ruleId)
    .where('status', 'in', ['open', 'reopened'])
    .execute();
  return rows.map((r) => r.identity_id);
}

function describeSelection(s: PlanSelection): string {
  const parts = [
    s.findingId && `finding ${s.findingId}`,
    s.ruleId && `open findings of rule ${s.ruleId}`,
    s.vendor && `vendor "${s.vendor}"`,
    s.platform && `platform ${s.platform}`,
    s.tenant && `tenant ${s.tenant}`,
    s.identityIds?.length && `identities ${s.identityIds.join(', ')}`,
    s.text && `text "${s.text}"`,
  ].filter(Boolean);
  return parts.join(', ') || 'every identity';
}
