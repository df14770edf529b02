import type { GroupDetail } from '@aws-sdk/client-iam';
import { inlineGrants, type SourcedGrant } from './policy.js';
import { guardPayload } from '../../../lib/payload.js';

/** IAM groups (GetAccountAuthorizationDetails `GroupDetailList`): held for the scan, read through their users. */

/** Groups by name: the scan holds a group's attached-policy references and the grants of its inline policies. */
export interface GroupIndex {
  get(name: string): IndexedGroup | undefined;
}

export interface IndexedGroup {
  attached: Array<{ PolicyArn?: string; PolicyName?: string }>;
  /** Inline policies' grants, sourced `group:<name>/inline:<policy>`. */
  inline: SourcedGrant[];
}

/** A group as users need it: name, attached policies and inline documents (no ARN, dates or metadata). */
export function compactGroup(g: GroupDetail): GroupDetail {
  return {
    GroupName: g.GroupName,
    AttachedManagedPolicies: g.AttachedManagedPolicies,
    GroupPolicyList: g.GroupPolicyList,
  };
}

/**
 * Indexes groups once. A group's inline documents are parsed when a user of the group is first transformed (so a
 * broken document fails the users of that group only, as when it was parsed per user), then reused.
 */
function indexGroupsUnguarded(groups: Iterable<GroupDetail>): GroupIndex {
  const raw = new Map<string, GroupDetail>();
  for (const g of groups) if (g.GroupName) raw.set(g.GroupName, g);
  const done = new Map<string, IndexedGroup>();
  return {
    get(name) {
      let hit = done.get(name);
      if (hit) return hit;
      const g = raw.get(name);
      if (!g) return undefined;
      const inline: SourcedGrant[] = [];
      inlineGrants(g.GroupPolicyList, `group:${name}/`, inline);
      hit = { attached: g.AttachedManagedPolicies ?? [], inline };
      done.set(name, hit);
      raw.delete(name);
      return hit;
    },
  };
}

/** indexGroups with malformed-payload errors naming the object (src/lib/payload.ts). */
export const indexGroups = guardPayload(
  (_groups: Iterable<GroupDetail>) => 'AWS IAM groups (GetAccountAuthorizationDetails)',
  indexGroupsUnguarded,
);
