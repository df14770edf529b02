import { DAY_MS } from '../../../lib/clock.js';
import type {
  AwsAccount,
  AwsEstateData,
  AwsInlinePolicy,
  AwsManagedPolicy,
  AwsRole,
  AwsServiceUse,
  AwsUser,
  PolicyDocument,
} from './types.js';

/**
 * IAM "last accessed" (Access Advisor) as the estate knows it: the services a principal's policies allow (the
 * namespaces of its Allow actions; "*" and NotAction allow every service of this catalogue) and when it last used
 * each. A principal without `serviceUse` used every allowed service 2 days before the estate's now; a planted one
 * (plantServiceUse) used none, or only the first, and the others `othersDaysAgo` days ago (null: never).
 */
export const SERVICE_NAMES: Readonly<Record<string, string>> = {
  bedrock: 'Amazon Bedrock',
  cloudformation: 'AWS CloudFormation',
  cloudtrail: 'AWS CloudTrail',
  cloudwatch: 'Amazon CloudWatch',
  codebuild: 'AWS CodeBuild',
  dynamodb: 'Amazon DynamoDB',
  ec2: 'Amazon EC2',
  ecr: 'Amazon Elastic Container Registry',
  ecs: 'Amazon Elastic Container Service',
  glue: 'AWS Glue',
  iam: 'AWS Identity and Access Management',
  kms: 'AWS Key Management Service',
  lambda: 'AWS Lambda',
  logs: 'Amazon CloudWatch Logs',
  organizations: 'AWS Organizations',
  s3: 'Amazon S3',
  sagemaker: 'Amazon SageMaker',
  secretsmanager: 'AWS Secrets Manager',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
  ssm: 'AWS Systems Manager',
  sts: 'AWS Security Token Service',
};

/**
 * Services whose actions IAM reports at ACTION_LEVEL (IAM User Guide, "IAM action last accessed information services
 * and actions": first Amazon S3 management actions, then EC2, IAM and Lambda), with a few actions each: the estate's
 * own small catalogue. Every other service of SERVICE_NAMES is reported at service level only.
 */
export const TRACKED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  ec2: ['DescribeInstances', 'RunInstances', 'StartInstances', 'StopInstances'],
  iam: ['GetRole', 'ListRoles', 'PassRole', 'CreateAccessKey'],
  lambda: ['GetFunction', 'InvokeFunction', 'UpdateFunctionCode', 'ListFunctions'],
  s3: ['ListAllMyBuckets', 'GetBucketLocation', 'CreateBucket', 'PutBucketPolicy'],
};

export interface ServiceAccess {
  namespace: string;
  name: string;
  /** null: not used within IAM's tracking period. */
  lastAuthenticated: string | null;
  /** For a service in TRACKED_ACTIONS: each catalogue action and when it was last used (null: not in the period). */
  actions?: Array<{ name: string; lastAccessed: string | null }>;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function namespacesOf(d: PolicyDocument, into: Set<string>): void {
  for (const s of list(d.Statement)) {
    if (s.Effect !== 'Allow') continue;
    const actions = s.NotAction !== undefined ? ['*'] : list(s.Action);
    for (const a of actions) {
      if (a === '*' || a === '*:*') for (const n of Object.keys(SERVICE_NAMES)) into.add(n);
      else if (a.includes(':')) into.add(a.slice(0, a.indexOf(':')).toLowerCase());
    }
  }
}

/** Default versions of managed policies by ARN, per estate (built once). */
const documents = new WeakMap<AwsEstateData, Map<string, PolicyDocument>>();

function policyDocuments(data: AwsEstateData): Map<string, PolicyDocument> {
  let byArn = documents.get(data);
  if (!byArn) {
    byArn = new Map();
    const add = (p: AwsManagedPolicy) => {
      const v = p.versions.find((x) => x.isDefault);
      if (v) byArn!.set(p.arn, v.document);
    };
    for (const p of data.awsManagedPolicies) add(p);
    for (const a of data.accounts) for (const p of a.policies) add(p);
    documents.set(data, byArn);
  }
  return byArn;
}

/**
 * Namespaces a user's (with its groups') or a role's policies allow, sorted. A policy made after the estate was built
 * (the emulator's CreatePolicy) is read from the account's list.
 */
export function allowedNamespaces(data: AwsEstateData, account: AwsAccount, p: AwsUser | AwsRole): string[] {
  const built = policyDocuments(data);
  const byArn = {
    get: (arn: string) =>
      built.get(arn) ?? account.policies.find((x) => x.arn === arn)?.versions.find((v) => v.isDefault)?.document,
  };
  const out = new Set<string>();
  const add = (attached: string[], inline: AwsInlinePolicy[]) => {
    for (const arn of attached) {
      const d = byArn.get(arn);
      if (d) namespacesOf(d, out);
    }
    for (const i of inline) namespacesOf(i.document, out);
  };
  add(p.attachedPolicyArns, p.inlinePolicies);
  for (const name of 'groups' in p ? p.groups : []) {
    const g = account.groups.find((x) => x.groupName === name);
    if (g) add(g.attachedPolicyArns, g.inlinePolicies);
  }
  return [...out].sort();
}

/** The principal's last-accessed report as IAM would answer it at the estate's now. */
export function serviceAccessOf(data: AwsEstateData, account: AwsAccount, p: AwsUser | AwsRole): ServiceAccess[] {
  const now = Date.parse(data.now);
  const ago = (days: number | null) => (days === null ? null : isoSeconds(now - days * DAY_MS));
  const use: AwsServiceUse = p.serviceUse ?? { usedFirst: true, othersDaysAgo: 2 };
  return allowedNamespaces(data, account, p).map((namespace, i) => {
    const planted = use.byNamespace?.[namespace];
    const lastAuthenticated = planted
      ? ago(planted.daysAgo)
      : use.byNamespace
        ? null
        : i === 0 && use.usedFirst
          ? ago(2)
          : ago(use.othersDaysAgo);
    const tracked = TRACKED_ACTIONS[namespace];
    const used = new Set(planted?.actions ?? tracked?.slice(0, 1) ?? []);
    return {
      namespace,
      name: SERVICE_NAMES[namespace] ?? namespace,
      lastAuthenticated,
      ...(tracked
        ? { actions: tracked.map((name) => ({ name, lastAccessed: used.has(name) ? lastAuthenticated : null })) }
        : {}),
    };
  });
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Planted on the prod account: every 30th role (from the 6th) used none of its services, every 30th (from the 18th)
 * only its first for 200 days, every 30th (from the 24th) none for 30 days (under staleDays: no risk); every 40th
 * user (from the 10th) used none. Position-picked, so the estate's random stream stays as it was.
 */
export function plantServiceUse(users: AwsUser[], roles: AwsRole[], prod: boolean): void {
  if (!prod) return;
  roles.forEach((r, i) => {
    const at = i % 30;
    if (at === 5) r.serviceUse = { usedFirst: false, othersDaysAgo: null };
    else if (at === 17) r.serviceUse = { usedFirst: true, othersDaysAgo: 200 };
    else if (at === 23) r.serviceUse = { usedFirst: false, othersDaysAgo: 30 };
  });
  users.forEach((u, i) => {
    if (i % 40 === 9) u.serviceUse = { usedFirst: false, othersDaysAgo: null };
  });
  // An administrator role that used three services of all its policy allows: what a least-privilege replacement is
  // generated from (aws.policy.reduce-to-used), action-level for EC2 and S3, service-level for Systems Manager.
  const admin = roles.find((r) => r.roleName === 'ec2-admin-instance');
  if (admin)
    admin.serviceUse = {
      usedFirst: false,
      othersDaysAgo: null,
      byNamespace: {
        ec2: { daysAgo: 1, actions: ['DescribeInstances', 'StopInstances'] },
        s3: { daysAgo: 3, actions: ['ListAllMyBuckets'] },
        ssm: { daysAgo: 1 },
      },
    };
}

/**
 * aws-unused-services as the rule reads it: a principal created staleDays ago or more allowed a service it has not
 * used for staleDays (or never).
 */
export function hasUnusedServices(
  data: AwsEstateData,
  account: AwsAccount,
  p: AwsUser | AwsRole,
  staleDays: number,
): boolean {
  const now = Date.parse(data.now);
  if (now - Date.parse(p.createDate) < staleDays * DAY_MS) return false;
  return serviceAccessOf(data, account, p).some(
    (s) => s.lastAuthenticated === null || now - Date.parse(s.lastAuthenticated) >= staleDays * DAY_MS,
  );
}
