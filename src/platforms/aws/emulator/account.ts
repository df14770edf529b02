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
import type { DeniedCall } from './refusals.js';
import { encodePolicy, type XmlValue } from './xml.js';

/**
 * What every IAM action handler shares: the pre-indexed account, IAM's error shape, awsQuery parameter reading and
 * Marker/MaxItems paging.
 */

export interface AwsEmulatorControl {
  /** Milliseconds a credential report takes to generate (GetCredentialReport answers ReportInProgress until then). */
  reportDelayMs: number;
  /** Requests per Action, for call-count checks. */
  actionCounts: Map<string, number>;
  /** Each GetAccountAuthorizationDetails request's Filter, comma-joined as sent ('' when none), in order. */
  gaadFilters: string[];
  /** Calls the scanner's policy does not allow: answered 403 AccessDenied as IAM words it (refusals.ts). */
  denied: DeniedCall[];
  /** Role ARNs whose STS AssumeRole is refused (AccessDenied) whatever their trust policy says. */
  refusedRoles?: string[];
  /** GetServiceLastAccessedDetails polls of each job answered IN_PROGRESS before it is COMPLETED (default 0). */
  lastAccessedPollsInProgress?: number;
  /** CloudTrail records LookupEvents serves (cloudtrail.ts), each to its recipientAccountId; tests may add more. */
  cloudTrail?: Array<Record<string, unknown>>;
}

/** One IAM action: query parameters in, the result element's fields out. */
export type ActionFn = (
  view: AccountView,
  p: URLSearchParams,
  control: AwsEmulatorControl,
  data: AwsEstateData,
) => Record<string, XmlValue> | null;

export class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export const enc = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Pre-indexed view of one account. */
export class AccountView {
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

  /** After a write to users, roles or policies: GetAccountAuthorizationDetails lists anew. */
  changed(): void {
    this.gaadCache.clear();
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
export function policyDoc(d: object): string {
  let s = docCache.get(d);
  if (s === undefined) {
    s = encodePolicy(d);
    docCache.set(d, s);
  }
  return s;
}

export const tags = (t: AwsTag[]) => (t.length ? t.map((x) => ({ Key: x.Key, Value: x.Value })) : undefined);
export const inlineList = (list: AwsInlinePolicy[]) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: policyDoc(p.document) }));

export function page<T>(
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

export const paged = (p: { truncated: boolean; marker?: string }) => ({ IsTruncated: p.truncated, Marker: p.marker });

export function need(p: URLSearchParams, name: string): string {
  const v = p.get(name);
  if (!v)
    throw new IamError(
      400,
      'ValidationError',
      `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}
export function userOf(v: AccountView, p: URLSearchParams): AwsUser {
  const name = need(p, 'UserName');
  const u = v.users.get(name);
  if (!u) throw new IamError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
  return u;
}
export function roleOf(v: AccountView, p: URLSearchParams): AwsRole {
  const name = need(p, 'RoleName');
  const r = v.roles.get(name);
  if (!r) throw new IamError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
  return r;
}
export function policyOf(v: AccountView, p: URLSearchParams): AwsManagedPolicy {
  const arn = need(p, 'PolicyArn');
  const pol = v.policies.get(arn);
  if (!pol) throw new IamError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  return pol;
}
export const listParam = (p: URLSearchParams, name: string) => {
  const out: string[] = [];
  for (let i = 1; p.has(`${name}.member.${i}`); i++) out.push(p.get(`${name}.member.${i}`)!);
  return out;
};
export const withPrefix = <T extends { path: string }>(items: T[], p: URLSearchParams) => {
  const prefix = p.get('PathPrefix');
  return prefix ? items.filter((x) => x.path.startsWith(prefix)) : items;
};

export const attached = (v: AccountView, arns: string[]) =>
  arns.map((arn) => ({ PolicyName: v.policies.get(arn)?.name ?? arn.split('/').pop(), PolicyArn: arn }));
