import type { AwsRole } from '../estate/types.js';
import {
  type AccountView,
  type ActionFn,
  attached,
  IamError,
  need,
  page,
  paged,
  policyDoc,
  roleOf,
  tags,
  withPrefix,
} from './account.js';
import type { XmlValue } from './xml.js';

/** IAM role actions: the role with its trust policy and last use, its tags and policies. */

export function roleXml(v: AccountView, r: AwsRole, full: boolean): Record<string, XmlValue> {
  return {
    Path: r.path,
    RoleName: r.roleName,
    RoleId: r.roleId,
    Arn: v.roleArn(r),
    CreateDate: r.createDate,
    AssumeRolePolicyDocument: policyDoc(r.trustPolicy),
    Description: r.description ?? undefined,
    MaxSessionDuration: r.maxSessionDuration,
    // ListRoles omits RoleLastUsed and Tags; GetRole has them (an empty <RoleLastUsed/> when never used).
    ...(full
      ? {
          Tags: tags(r.tags),
          RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {},
        }
      : {}),
  };
}
export const ROLE_ACTIONS: Record<string, ActionFn> = {
  ListRoles: (v, p) => {
    const pg = page(withPrefix(v.account.roles, p), p, 'roles');
    return { Roles: pg.items.map((r) => roleXml(v, r, false)), ...paged(pg) };
  },
  GetRole: (v, p) => ({ Role: roleXml(v, roleOf(v, p), true) }),
  ListRoleTags: (v, p) => {
    const r = roleOf(v, p);
    const pg = page(r.tags, p, 'rtags');
    return { Tags: pg.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...paged(pg) };
  },
  ListAttachedRolePolicies: (v, p) => {
    const pg = page(attached(v, roleOf(v, p).attachedPolicyArns), p, 'rattached');
    return { AttachedPolicies: pg.items, ...paged(pg) };
  },
  ListRolePolicies: (v, p) => {
    const pg = page(
      roleOf(v, p).inlinePolicies.map((x) => x.name),
      p,
      'rinline',
    );
    return { PolicyNames: pg.items, ...paged(pg) };
  },
  GetRolePolicy: (v, p) => {
    const r = roleOf(v, p);
    const name = need(p, 'PolicyName');
    const pol = r.inlinePolicies.find((x) => x.name === name);
    if (!pol) throw new IamError(404, 'NoSuchEntity', `The role policy with name ${name} cannot be found.`);
    return { RoleName: r.roleName, PolicyName: name, PolicyDocument: policyDoc(pol.document) };
  },
};
