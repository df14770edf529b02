import type { AwsGroup, AwsManagedPolicy, AwsRole, AwsUser } from '../estate/types.js';
import {
  type AccountView,
  type ActionFn,
  attached,
  IamError,
  inlineList,
  listParam,
  page,
  paged,
  policyDoc,
  tags,
} from './account.js';
import { policyXml } from './policies.js';
import { roleXml } from './roles.js';
import type { XmlValue } from './xml.js';

/** GetAccountAuthorizationDetails: users, groups, roles and managed policies, `Filter`-ed and paged together. */

const GAAD_ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

function checkFilter(filter: string[]): void {
  for (const f of filter) {
    if (!GAAD_ENTITY_TYPES.includes(f))
      throw new IamError(
        400,
        'ValidationError',
        `1 validation error detected: Value '[${filter.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${GAAD_ENTITY_TYPES.join(', ')}]]`,
      );
  }
}

const userDetail = (v: AccountView, u: AwsUser): XmlValue => ({
  Path: u.path,
  UserName: u.userName,
  UserId: u.userId,
  Arn: v.userArn(u),
  CreateDate: u.createDate,
  UserPolicyList: u.inlinePolicies.length ? inlineList(u.inlinePolicies) : undefined,
  GroupList: u.groups,
  AttachedManagedPolicies: attached(v, u.attachedPolicyArns),
  Tags: tags(u.tags),
});

const groupDetail = (v: AccountView, g: AwsGroup): XmlValue => ({
  Path: g.path,
  GroupName: g.groupName,
  GroupId: g.groupId,
  Arn: v.groupArn(g),
  CreateDate: g.createDate,
  GroupPolicyList: inlineList(g.inlinePolicies),
  AttachedManagedPolicies: attached(v, g.attachedPolicyArns),
});

const instanceProfiles = (v: AccountView, r: AwsRole): XmlValue[] =>
  r.instanceProfile
    ? [
        {
          Path: '/',
          InstanceProfileName: r.instanceProfile,
          InstanceProfileId: `AIPA${r.roleId.slice(4)}`,
          Arn: `arn:aws:iam::${v.id}:instance-profile/${r.instanceProfile}`,
          CreateDate: r.createDate,
          Roles: [roleXml(v, r, false)],
        },
      ]
    : [];

const roleDetail = (v: AccountView, r: AwsRole): XmlValue => ({
  Path: r.path,
  RoleName: r.roleName,
  RoleId: r.roleId,
  Arn: v.roleArn(r),
  CreateDate: r.createDate,
  AssumeRolePolicyDocument: policyDoc(r.trustPolicy),
  InstanceProfileList: instanceProfiles(v, r),
  RolePolicyList: inlineList(r.inlinePolicies),
  AttachedManagedPolicies: attached(v, r.attachedPolicyArns),
  Tags: tags(r.tags),
  RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {},
});

const policyDetail = (v: AccountView, pol: AwsManagedPolicy): XmlValue => ({
  ...policyXml(v, pol),
  PolicyVersionList: pol.versions.map((ver) => ({
    Document: policyDoc(ver.document),
    VersionId: ver.versionId,
    IsDefaultVersion: ver.isDefault,
    CreateDate: ver.createDate,
  })),
});

export const AUTHORIZATION_DETAILS_ACTIONS: Record<string, ActionFn> = {
  GetAccountAuthorizationDetails: (v, p, control) => {
    const filter = listParam(p, 'Filter');
    checkFilter(filter);
    control.gaadFilters.push(filter.join(','));
    // The marker is tied to the filter: a marker from another filter's listing is rejected, not misread.
    const pg = page(v.gaadItems(filter), p, `gaad${filter.slice().sort().join('')}`);
    const users: XmlValue[] = [];
    const groups: XmlValue[] = [];
    const roles: XmlValue[] = [];
    const policies: XmlValue[] = [];
    for (const { type, item } of pg.items) {
      if (type === 'User') users.push(userDetail(v, item as AwsUser));
      else if (type === 'Group') groups.push(groupDetail(v, item as AwsGroup));
      else if (type === 'Role') roles.push(roleDetail(v, item as AwsRole));
      else policies.push(policyDetail(v, item as AwsManagedPolicy));
    }
    return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, ...paged(pg) };
  },
};
