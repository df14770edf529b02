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
}

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
  let grants: Grant[] = [];
  try {
    grants = version?.Document ? grantsOf(decodePolicyDocument(version.Document)) : [];
  } catch (error) {
    onError(p.Arn, error as Error);
  }
  map.set(p.Arn, { name: p.PolicyName ?? p.Arn, grants });
}

/** Appends the grants of attached managed policies to `out`; returns the ARNs the index does not hold. */
export function attachedGrants(
  list: Array<{ PolicyArn?: string; PolicyName?: string }> | undefined,
  policies: PolicyIndex,
  prefix: string,
  out: SourcedGrant[],
): string[] {
  const missing: string[] = [];
  for (const a of list ?? []) {
    if (!a.PolicyArn) continue;
    const p = policies.get(a.PolicyArn);
    if (!p) {
      missing.push(a.PolicyArn);
      continue;
    }
    for (const grant of p.grants)
      out.push({ grant, source: `${prefix}managed:${p.name}`, policyName: p.name, policyArn: a.PolicyArn });
  }
  return missing;
}

/** indexPolicies with malformed-payload errors naming the object (src/lib/payload.ts). */
export const indexPolicies = guardPayload(
  (_policies: Iterable<ManagedPolicyDetail>, _onError?: PolicyErrorHandler) =>
    'AWS managed policies (GetAccountAuthorizationDetails)',
  indexPoliciesUnguarded,
);
