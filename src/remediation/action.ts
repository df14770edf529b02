import type { Identity, PlatformId } from '../model/index.js';

/**
 * A remediation action: one vendor write, declared by its platform (src/platforms/<id>/actions/, one file each) and
 * run by the shared workflow (plan → approve → apply → verify → rollback, ./workflow.ts). An action never decides
 * whether it may run: the workflow checks approval and recent use first.
 */

/** One HTTP call an action makes, as the plan and the dry run show it. */
export interface ApiCall {
  method: string;
  /** The vendor's path (or, for awsQuery, `/` with the Action), parameters filled in. */
  path: string;
  body?: Record<string, string | boolean>;
  /** For a rotation: 1 = at the first apply, 2 = at the first apply after the grace period. */
  phase?: 1 | 2;
}

/** What an action acts on: an identity, or one of its credentials, with the parameters its calls take. */
export interface ActionTarget {
  platform: PlatformId;
  tenant: string;
  identityId: string;
  /** The credential's id in the inventory when the action acts on one credential; else null. */
  credentialId: string | null;
  /** What a person recognises it by (user name, key id, app name). */
  label: string;
  /** The vendor's ids the calls take (user name, access key id, service principal id, installation id…). */
  params: Record<string, string>;
}

/** One field the action changes, before and after (the dry-run diff). */
export interface StateChange {
  field: string;
  before: string | boolean | null;
  after: string | boolean | null;
}

/** What an action runs with: the tenant's options, validated by its connector's schema (secrets resolved). */
export interface ActionContext {
  options: unknown;
  signal?: AbortSignal;
}

export interface VerifyResult {
  ok: boolean;
  /** What the vendor answered, in words (e.g. "Status Inactive"). */
  observed: string;
}

export interface RemediationAction {
  /** `<platform>.<object>.<verb>`, e.g. `aws.access-key.deactivate`. */
  id: string;
  title: string;
  platform: PlatformId;
  /** The identity nativeTypes it applies to. */
  nativeTypes: readonly string[];
  /** The vendor permission the tenant's credentials need for `apply` (and what `verify` reads with). */
  permission: string;
  /** The action that undoes it, or none with the reason (a deleted secret cannot come back). */
  inverse: string | { none: string };
  /** Whether it can break something that uses the target (the dependency check applies); false for re-enabling. */
  disruptive: boolean;
  /**
   * Planned only when named (`--action`): not among the default actions of `remediate plan`, vendor-incident plans or
   * review closings, which block identities; e.g. scope reduction, which leaves the identity working with less.
   */
  onlyWhenNamed?: boolean;
  /** Its targets in one identity (e.g. each of its active keys); [] when it does not apply. */
  targets(identity: Identity): ActionTarget[];
  /**
   * Why it refuses an identity of its nativeTypes it has no target in, when that is a refusal rather than "does not
   * apply" (e.g. no last-accessed report to generate a policy from); a plan that ends up empty names these reasons.
   */
  whyNot?(identity: Identity): string | null;
  /** The exact calls `apply` makes and the state it changes (no network). */
  describe(target: ActionTarget): { calls: ApiCall[]; changes: StateChange[] };
  /** Makes the change through the platform's official SDK. */
  apply(ctx: ActionContext, target: ActionTarget): Promise<void>;
  /** Re-reads the vendor: is the target in the state `apply` leaves it in? */
  verify(ctx: ActionContext, target: ActionTarget): Promise<VerifyResult>;
  /**
   * Present on a rotation, whose change spans time: phase 1 (`rotation.start`) makes the replacement and hands its
   * secret over once; `apply` is phase 2, retiring the old credential after the plan's grace period. From phase 1 on,
   * `apply`, `verify` and the rotation's steps get the replacement's id as `target.params.newKeyId`.
   */
  rotation?: RotationSteps;
}

/** The secret's fields as the delivered file lists them (`NAME=value` lines). Written once, never kept. */
export type DeliverSecret = (fields: Record<string, string>) => Promise<void>;

export interface RotationSteps {
  /** Creates the replacement, gives its secret to `deliver` and returns its id (never the secret). */
  start(ctx: ActionContext, target: ActionTarget, deliver: DeliverSecret): Promise<string>;
  /** Re-reads the vendor after phase 1: the old credential still usable and the replacement present. */
  verifyStarted(ctx: ActionContext, target: ActionTarget): Promise<VerifyResult>;
  /** Before phase 2: makes the old credential usable again, deletes the replacement, and re-reads. */
  undo(ctx: ActionContext, target: ActionTarget): Promise<VerifyResult>;
}

/** What a plan without named actions uses (and incident mode proposes): the disruptive actions not `onlyWhenNamed`. */
export const plannedByDefault = (action: RemediationAction): boolean => action.disruptive && !action.onlyWhenNamed;

/** The inverse's id, or null when there is none. */
export const inverseOf = (action: RemediationAction): string | null =>
  typeof action.inverse === 'string' ? action.inverse : null;
