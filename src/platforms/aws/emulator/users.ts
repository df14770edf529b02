import type { AwsGroup, AwsUser } from '../estate/types.js';
import {
  type AccountView,
  type ActionFn,
  attached,
  IamError,
  need,
  page,
  paged,
  policyDoc,
  tags,
  userOf,
  withPrefix,
} from './account.js';
import type { XmlValue } from './xml.js';

/** IAM user actions: the user, its access keys and their last use, login profile, groups, tags and policies. */

export function userXml(v: AccountView, u: AwsUser): Record<string, XmlValue> {
  return {
    Path: u.path,
    UserName: u.userName,
    UserId: u.userId,
    Arn: v.userArn(u),
    CreateDate: u.createDate,
    PasswordLastUsed: u.password?.lastUsed ?? undefined,
  };
}
export const USER_ACTIONS: Record<string, ActionFn> = {
  ListUsers: (v, p) => {
    const pg = page(withPrefix(v.account.users, p), p, 'users');
    return { Users: pg.items.map((u) => userXml(v, u)), ...paged(pg) };
  },
  GetUser: (v, p) => {
    const u = userOf(v, p);
    return { User: { ...userXml(v, u), Tags: tags(u.tags) } };
  },
  ListAccessKeys: (v, p) => {
    const u = userOf(v, p);
    const pg = page(u.accessKeys, p, 'keys');
    return {
      AccessKeyMetadata: pg.items.map((k) => ({
        UserName: u.userName,
        AccessKeyId: k.accessKeyId,
        Status: k.status,
        CreateDate: k.createDate,
      })),
      ...paged(pg),
    };
  },
  GetAccessKeyLastUsed: (v, p) => {
    const id = need(p, 'AccessKeyId');
    const found = v.keys.get(id);
    if (!found)
      throw new IamError(
        403,
        'AccessDenied',
        `User is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`,
      );
    const k = found.key;
    return {
      UserName: found.user.userName,
      AccessKeyLastUsed: {
        LastUsedDate: k.lastUsedDate ?? undefined,
        ServiceName: k.lastUsedDate ? k.lastUsedService : 'N/A',
        Region: k.lastUsedDate ? k.lastUsedRegion : 'N/A',
      },
    };
  },
  GetLoginProfile: (v, p) => {
    const u = userOf(v, p);
    if (!u.password) throw new IamError(404, 'NoSuchEntity', `Login Profile for User ${u.userName} cannot be found.`);
    return { LoginProfile: { UserName: u.userName, CreateDate: u.password.createDate, PasswordResetRequired: false } };
  },
  ListGroupsForUser: (v, p) => {
    const u = userOf(v, p);
    const groups = u.groups.map((g) => v.groups.get(g)).filter((g): g is AwsGroup => !!g);
    const pg = page(groups, p, 'ugroups');
    return {
      Groups: pg.items.map((g) => ({
        Path: g.path,
        GroupName: g.groupName,
        GroupId: g.groupId,
        Arn: v.groupArn(g),
        CreateDate: g.createDate,
      })),
      ...paged(pg),
    };
  },
  ListUserTags: (v, p) => {
    const u = userOf(v, p);
    const pg = page(u.tags, p, 'utags');
    return { Tags: pg.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...paged(pg) };
  },
  ListAttachedUserPolicies: (v, p) => {
    const pg = page(attached(v, userOf(v, p).attachedPolicyArns), p, 'uattached');
    return { AttachedPolicies: pg.items, ...paged(pg) };
  },
  ListUserPolicies: (v, p) => {
    const pg = page(
      userOf(v, p).inlinePolicies.map((x) => x.name),
      p,
      'uinline',
    );
    return { PolicyNames: pg.items, ...paged(pg) };
  },
  GetUserPolicy: (v, p) => {
    const u = userOf(v, p);
    const name = need(p, 'PolicyName');
    const pol = u.inlinePolicies.find((x) => x.name === name);
    if (!pol) throw new IamError(404, 'NoSuchEntity', `The user policy with name ${name} cannot be found.`);
    return { UserName: u.userName, PolicyName: name, PolicyDocument: policyDoc(pol.document) };
  },
};
