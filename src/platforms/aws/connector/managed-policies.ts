import type { ManagedPolicyDetail } from '@aws-sdk/client-iam';
import { decodePolicyDocument, grantsOf, type Grant, type SourcedGrant } from './policy.js';
import { guardPayload } from '../../../lib/payload.js';

/**
 * Managed policies (GetAccountAuthorizationDetails `Policies`): held for the whole scan in compact form, the
 * default version's grants only (not the URL-encoded documents of every version).
 */
export interface HeldPolicy {
  name: string;
  grants: Grant[];
  /** Its default version's document could not be parsed: its grants are unknown, not none. */
  unreadable?: true;
}

/** The grants an identity holds, the attached policies the index lacks, and whether some grants are unknown. */
export interface CollectedGrants {
  grants: SourcedGrant[];
  missing: string[];
  /** A policy or group the identity refers to could not be read: its permissions are incomplete (marked stale). */
  incomplete: boolean;
}

export const noGrants = (): CollectedGrants => ({ grants: [], missing: [], incomplete: false });

/** Managed policies by ARN. */
export interface PolicyIndex {
  get(arn: string): HeldPolicy | undefined;
}

export type PolicyErrorHandler = (arn: string, error: Error) => void;

function indexPoliciesUnguarded(
  policies: Iterable<ManagedPolicyDetail>,
  onError: PolicyErrorHandler = () => {},
): Map<string, HeldPolicy> {
  const map = new Map<string, HeldPolicy>();
  for (const p of policies) addPolicy(map, p, onError);
  return map;
}

/** Adds one managed policy to an index, keeping only its default version's grants (not its documents). */
export function addPolicy(
  map: Map<string, HeldPolicy>,
  p: ManagedPolicyDetail,
  onError: PolicyErrorHandler = () => {},
): void {
  if (!p.Arn) return;
  const version =
    p.PolicyVersionList?.find((v) => v.IsDefaultVersion) ??
    p.PolicyVersionList?.find((v) => v.VersionId === p.DefaultVersionId);
  const name = p.PolicyName ?? p.Arn;
  try {
    map.set(p.Arn, { name, grants: version?.Document ? grantsOf(decodePolicyDocument(version.Document)) : [] });
  } catch (error) {
    onError(p.Arn, error as Error);
    map.set(p.Arn, { name, grants: [], unreadable: true });
  }
}

/**
 * Adds the grants of attached managed policies to `into`: an ARN the index does not hold is `missing`; one whose
 * document was unreadable is missing too and makes the set `incomplete`.
 */
export function attachedGrants(
  list: Array<{ PolicyArn?: string; PolicyName?: string }> | undefined,
  policies: PolicyIndex,
  prefix: string,
  into: CollectedGrants,
): void {
  for (const a of list ?? []) {
    if (!a.PolicyArn) continue;
    const p = policies.get(a.PolicyArn);
    if (!p || p.unreadable) {
      into.missing.push(a.PolicyArn);
      if (p) into.incomplete = true;
      continue;
    }
    for (const grant of p.grants)
      into.grants.push({ grant, source: `${prefix}managed:${p.name}`, policyName: p.name, policyArn: a.PolicyArn });
  }
}

/** indexPolicies with malformed-payload errors naming the object (src/lib/payload.ts). */
export const indexPolicies = guardPayload(
  (_policies: Iterable<ManagedPolicyDetail>, _onError?: PolicyErrorHandler) =>
    'AWS managed policies (GetAccountAuthorizationDetails)',
  indexPoliciesUnguarded,
);
