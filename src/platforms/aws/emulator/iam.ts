import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {
  AwsAccessKey,
  AwsAccount,
  AwsEstateData,
  AwsGroup,
  AwsInlinePolicy,
  AwsManagedPolicy,
  AwsRole,
  AwsTag,
  AwsUser,
} from '../estate/types.js';
import { credentialReportCsv } from './credential-report.js';
import { verifySigV4 } from './sigv4.js';
import { encodePolicy, errorResponse, queryResponse, type XmlValue } from './xml.js';

/** An emulator login: the access key the scanner signs with, and the account it opens. */
export interface AwsEmulatorCredential {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsEmulatorControl {
  /** Milliseconds a credential report takes to generate (GetCredentialReport answers ReportInProgress until then). */
  reportDelayMs: number;
  /** Requests per Action, for call-count checks. */
  actionCounts: Map<string, number>;
  /** Each GetAccountAuthorizationDetails request's Filter, comma-joined as sent ('' when none), in order. */
  gaadFilters: string[];
}

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

const enc = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Pre-indexed view of one account. */
class AccountView {
  readonly users = new Map<string, AwsUser>();
  readonly roles = new Map<string, AwsRole>();
  readonly groups = new Map<string, AwsGroup>();
  readonly policies = new Map<string, AwsManagedPolicy>();
  readonly keys = new Map<string, { user: AwsUser; key: AwsAccessKey }>();
  readonly attachments = new Map<string, number>();
  private gaadCache = new Map<string, Array<{ type: 'User' | 'Group' | 'Role' | 'Policy'; item: unknown }>>();
  report: { startedAt: number; content: string; generatedTime: string } | null = null;

  constructor(
    readonly account: AwsAccount,
    awsManaged: AwsManagedPolicy[],
  ) {
    for (const u of account.users) {
      this.users.set(u.userName, u);
      for (const k of u.accessKeys) this.keys.set(k.accessKeyId, { user: u, key: k });
    }
    for (const r of account.roles) this.roles.set(r.roleName, r);
    for (const g of account.groups) this.groups.set(g.groupName, g);
    const count = (arns: string[]) => {
      for (const a of arns) this.attachments.set(a, (this.attachments.get(a) ?? 0) + 1);
    };
    for (const u of account.users) count(u.attachedPolicyArns);
    for (const g of account.groups) count(g.attachedPolicyArns);
    for (const r of account.roles) count(r.attachedPolicyArns);
    for (const p of account.policies) this.policies.set(p.arn, p);
    for (const p of awsManaged) this.policies.set(p.arn, p);
  }

  get id() {
    return this.account.accountId;
  }
  userArn(u: AwsUser) {
    return `arn:aws:iam::${this.id}:user${u.path}${u.userName}`;
  }
  roleArn(r: AwsRole) {
    return `arn:aws:iam::${this.id}:role${r.path}${r.roleName}`;
  }
  groupArn(g: AwsGroup) {
    return `arn:aws:iam::${this.id}:group${g.path}${g.groupName}`;
  }

  /** GetAccountAuthorizationDetails' item sequence for a filter: users, groups, roles, then policies. */
  gaadItems(filter: string[]) {
    const key = filter.slice().sort().join(',');
    let items = this.gaadCache.get(key);
    if (!items) {
      const want = (t: string) => filter.length === 0 || filter.includes(t);
      items = [];
      if (want('User')) for (const u of this.account.users) items.push({ type: 'User', item: u });
      if (want('Group')) for (const g of this.account.groups) items.push({ type: 'Group', item: g });
      if (want('Role')) for (const r of this.account.roles) items.push({ type: 'Role', item: r });
      if (want('LocalManagedPolicy')) for (const p of this.account.policies) items.push({ type: 'Policy', item: p });
      // AWS-managed policies are listed when something in the account uses them (⚠️ inferred from AWS's samples).
      if (want('AWSManagedPolicy'))
        for (const p of this.policies.values())
          if (p.awsManaged && (this.attachments.get(p.arn) ?? 0) > 0) items.push({ type: 'Policy', item: p });
      this.gaadCache.set(key, items);
    }
    return items;
  }
}

const docCache = new WeakMap<object, string>();
function policyDoc(d: object): string {
  let s = docCache.get(d);
  if (s === undefined) docCache.set(d, (s = encodePolicy(d)));
  return s;
}

const tags = (t: AwsTag[]) => (t.length ? t.map((x) => ({ Key: x.Key, Value: x.Value })) : undefined);
const inlineList = (list: AwsInlinePolicy[]) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: policyDoc(p.document) }));

function page<T>(
  items: readonly T[],
  params: URLSearchParams,
  kind: string,
  defaultMax = 100,
): { items: T[]; truncated: boolean; marker?: string } {
  const rawMax = params.get('MaxItems');
  let max = defaultMax;
  if (rawMax !== null) {
    const n = Number(rawMax);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      throw new IamError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${rawMax}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`,
      );
    max = n;
  }
  let start = 0;
  const marker = params.get('Marker');
  if (marker) {
    const m = /^(\w+):(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
    if (!m || m[1] !== kind) throw new IamError(400, 'InvalidInput', 'Invalid Marker.');
    start = Number(m[2]);
  }
  const slice = items.slice(start, start + max);
  const end = start + slice.length;
  return end < items.length
    ? { items: slice, truncated: true, marker: enc(`${kind}:${end}`) }
    : { items: slice, truncated: false };
}

const paged = (p: { truncated: boolean; marker?: string }) => ({ IsTruncated: p.truncated, Marker: p.marker });

export function registerIamRoutes(
  app: FastifyInstance,
  data: AwsEstateData,
  credentials: AwsEmulatorCredential[],
  control: AwsEmulatorControl,
): void {
  const views = new Map(data.accounts.map((a) => [a.accountId, new AccountView(a, data.awsManagedPolicies)]));
  const byKey = new Map(credentials.map((c) => [c.accessKeyId, c]));

  const reply = (res: FastifyReply, status: number, body: string) =>
    res.code(status).header('content-type', 'text/xml').header('x-amzn-requestid', randomUUID()).send(body);

  const handler = async (request: FastifyRequest, res: FastifyReply) => {
    const requestId = randomUUID();
    const body = typeof request.body === 'string' ? request.body : '';
    const auth = verifySigV4(
      { method: request.method, url: request.url, headers: request.headers, body },
      (id) => byKey.get(id)?.secretAccessKey,
    );
    if (!auth.ok) return reply(res, auth.status, errorResponse('Sender', auth.code, auth.message, requestId));
    const view = views.get(byKey.get(auth.accessKeyId)!.accountId);
    const params = new URLSearchParams(request.method === 'GET' ? (request.url.split('?')[1] ?? '') : body);
    const action = params.get('Action') ?? '';
    control.actionCounts.set(action, (control.actionCounts.get(action) ?? 0) + 1);
    try {
      if (!view)
        throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      if (params.get('Version') !== '2010-05-08')
        throw new IamError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );
      const fn = ACTIONS[action];
      if (!fn) throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
      const result = fn(view, params, control, data);
      return reply(res, 200, queryResponse(action, result, requestId));
    } catch (error) {
      if (error instanceof IamError)
        return reply(res, error.status, errorResponse(error.type, error.code, error.message, requestId));
      throw error;
    }
  };
  app.post('/', handler);
  app.get('/', handler);
}

type ActionFn = (
  view: AccountView,
  p: URLSearchParams,
  control: AwsEmulatorControl,
  data: AwsEstateData,
) => Record<string, XmlValue> | null;

function need(p: URLSearchParams, name: string): string {
  const v = p.get(name);
  if (!v)
    throw new IamError(
      400,
      'ValidationError',
      `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}
function userOf(v: AccountView, p: URLSearchParams): AwsUser {
  const name = need(p, 'UserName');
  const u = v.users.get(name);
  if (!u) throw new IamError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
  return u;
}
function roleOf(v: AccountView, p: URLSearchParams): AwsRole {
  const name = need(p, 'RoleName');
  const r = v.roles.get(name);
  if (!r) throw new IamError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
  return r;
}
function policyOf(v: AccountView, p: URLSearchParams): AwsManagedPolicy {
  const arn = need(p, 'PolicyArn');
  const pol = v.policies.get(arn);
  if (!pol) throw new IamError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  return pol;
}
const listParam = (p: URLSearchParams, name: string) => {
  const out: string[] = [];
  for (let i = 1; p.has(`${name}.member.${i}`); i++) out.push(p.get(`${name}.member.${i}`)!);
  return out;
};
const withPrefix = <T extends { path: string }>(items: T[], p: URLSearchParams) => {
  const prefix = p.get('PathPrefix');
  return prefix ? items.filter((x) => x.path.startsWith(prefix)) : items;
};

function userXml(v: AccountView, u: AwsUser): Record<string, XmlValue> {
  return {
    Path: u.path,
    UserName: u.userName,
    UserId: u.userId,
    Arn: v.userArn(u),
    CreateDate: u.createDate,
    PasswordLastUsed: u.password?.lastUsed ?? undefined,
  };
}
function roleXml(v: AccountView, r: AwsRole, full: boolean): Record<string, XmlValue> {
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
function policyXml(v: AccountView, pol: AwsManagedPolicy): Record<string, XmlValue> {
  const def = pol.versions.find((x) => x.isDefault);
  return {
    PolicyName: pol.name,
    PolicyId: pol.policyId,
    Arn: pol.arn,
    Path: pol.path,
    DefaultVersionId: def?.versionId,
    AttachmentCount: v.attachments.get(pol.arn) ?? 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: pol.description,
    CreateDate: pol.createDate,
    UpdateDate: pol.updateDate,
  };
}
const attached = (v: AccountView, arns: string[]) =>
  arns.map((arn) => ({ PolicyName: v.policies.get(arn)?.name ?? arn.split('/').pop(), PolicyArn: arn }));

const GAAD_ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

const ACTIONS: Record<string, ActionFn> = {
  ListAccountAliases: (v) => ({ AccountAliases: [v.account.alias], IsTruncated: false }),
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
  ListRoleTags: (v, p) => {
    const r = roleOf(v, p);
    const pg = page(r.tags, p, 'rtags');
    return { Tags: pg.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...paged(pg) };
  },
  ListRoles: (v, p) => {
    const pg = page(withPrefix(v.account.roles, p), p, 'roles');
    return { Roles: pg.items.map((r) => roleXml(v, r, false)), ...paged(pg) };
  },
  GetRole: (v, p) => ({ Role: roleXml(v, roleOf(v, p), true) }),
  ListAttachedUserPolicies: (v, p) => {
    const pg = page(attached(v, userOf(v, p).attachedPolicyArns), p, 'uattached');
    return { AttachedPolicies: pg.items, ...paged(pg) };
  },
  ListAttachedRolePolicies: (v, p) => {
    const pg = page(attached(v, roleOf(v, p).attachedPolicyArns), p, 'rattached');
    return { AttachedPolicies: pg.items, ...paged(pg) };
  },
  ListAttachedGroupPolicies: (v, p) => {
    const name = need(p, 'GroupName');
    const g = v.groups.get(name);
    if (!g) throw new IamError(404, 'NoSuchEntity', `The group with name ${name} cannot be found.`);
    const pg = page(attached(v, g.attachedPolicyArns), p, 'gattached');
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
  ListRolePolicies: (v, p) => {
    const pg = page(
      roleOf(v, p).inlinePolicies.map((x) => x.name),
      p,
      'rinline',
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
  GetRolePolicy: (v, p) => {
    const r = roleOf(v, p);
    const name = need(p, 'PolicyName');
    const pol = r.inlinePolicies.find((x) => x.name === name);
    if (!pol) throw new IamError(404, 'NoSuchEntity', `The role policy with name ${name} cannot be found.`);
    return { RoleName: r.roleName, PolicyName: name, PolicyDocument: policyDoc(pol.document) };
  },
  GetPolicy: (v, p) => ({ Policy: policyXml(v, policyOf(v, p)) }),
  GetPolicyVersion: (v, p) => {
    const pol = policyOf(v, p);
    const id = need(p, 'VersionId');
    const ver = pol.versions.find((x) => x.versionId === id);
    if (!ver)
      throw new IamError(404, 'NoSuchEntity', `Policy ${pol.arn} version ${id} does not exist or is not attachable.`);
    return {
      PolicyVersion: {
        Document: policyDoc(ver.document),
        VersionId: ver.versionId,
        IsDefaultVersion: ver.isDefault,
        CreateDate: ver.createDate,
      },
    };
  },
  ListPolicies: (v, p) => {
    const scope = p.get('Scope') ?? 'All';
    const onlyAttached = p.get('OnlyAttached') === 'true';
    const all = [...v.policies.values()].filter(
      (x) =>
        (scope === 'All' || (scope === 'AWS') === x.awsManaged) &&
        (!onlyAttached || (v.attachments.get(x.arn) ?? 0) > 0),
    );
    const pg = page(withPrefix(all, p), p, 'policies');
    return { Policies: pg.items.map((x) => policyXml(v, x)), ...paged(pg) };
  },
  GetAccountAuthorizationDetails: (v, p, control) => {
    const filter = listParam(p, 'Filter');
    for (const f of filter) {
      if (!GAAD_ENTITY_TYPES.includes(f))
        throw new IamError(
          400,
          'ValidationError',
          `1 validation error detected: Value '[${filter.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${GAAD_ENTITY_TYPES.join(', ')}]]`,
        );
    }
    control.gaadFilters.push(filter.join(','));
    // The marker is tied to the filter: a marker from another filter's listing is rejected, not misread.
    const pg = page(v.gaadItems(filter), p, `gaad${filter.slice().sort().join('')}`);
    const users: XmlValue[] = [];
    const groups: XmlValue[] = [];
    const roles: XmlValue[] = [];
    const policies: XmlValue[] = [];
    for (const { type, item } of pg.items) {
      if (type === 'User') {
        const u = item as AwsUser;
        users.push({
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
      } else if (type === 'Group') {
        const g = item as AwsGroup;
        groups.push({
          Path: g.path,
          GroupName: g.groupName,
          GroupId: g.groupId,
          Arn: v.groupArn(g),
          CreateDate: g.createDate,
          GroupPolicyList: inlineList(g.inlinePolicies),
          AttachedManagedPolicies: attached(v, g.attachedPolicyArns),
        });
      } else if (type === 'Role') {
        const r = item as AwsRole;
        roles.push({
          Path: r.path,
          RoleName: r.roleName,
          RoleId: r.roleId,
          Arn: v.roleArn(r),
          CreateDate: r.createDate,
          AssumeRolePolicyDocument: policyDoc(r.trustPolicy),
          InstanceProfileList: r.instanceProfile
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
            : [],
          RolePolicyList: inlineList(r.inlinePolicies),
          AttachedManagedPolicies: attached(v, r.attachedPolicyArns),
          Tags: tags(r.tags),
          RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {},
        });
      } else {
        const pol = item as AwsManagedPolicy;
        policies.push({
          ...policyXml(v, pol),
          PolicyVersionList: pol.versions.map((ver) => ({
            Document: policyDoc(ver.document),
            VersionId: ver.versionId,
            IsDefaultVersion: ver.isDefault,
            CreateDate: ver.createDate,
          })),
        });
      }
    }
    return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, ...paged(pg) };
  },
  GenerateCredentialReport: (v, _p, control, data) => {
    const now = Date.now();
    // A report is reused for four hours, like AWS; a newer request starts a new one.
    if (v.report && now - v.report.startedAt < 4 * 3600_000) {
      return { State: now - v.report.startedAt >= control.reportDelayMs ? 'COMPLETE' : 'INPROGRESS' };
    }
    v.report = {
      startedAt: now,
      content: credentialReportCsv(v.account),
      generatedTime: data.now.replace(/\.\d{3}Z$/, 'Z'),
    };
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  },
  GetCredentialReport: (v, _p, control) => {
    if (!v.report)
      throw new IamError(
        410,
        'ReportNotPresent',
        'Credential report not present. Use GenerateCredentialReport to generate a credential report.',
      );
    if (Date.now() - v.report.startedAt < control.reportDelayMs)
      throw new IamError(404, 'ReportInProgress', 'Credential report is being generated.');
    return { Content: enc(v.report.content), ReportFormat: 'text/csv', GeneratedTime: v.report.generatedTime };
  },
};
