import type { EdgeLabel } from '../../../emulation/estate/labels.js';
import type { OrgPerson } from '../../../emulation/estate/org.js';
import type { PlatformEstate, PlatformGenerateContext } from '../../../emulation/estate/generator.js';
import type { Random } from '../../../emulation/estate/random.js';
import { AwsLabelOracle, githubOidcTargets, type AwsIdentityLabel } from './oracle.js';
import {
  AWS_MANAGED_POLICIES,
  AWS_POLICY,
  BENIGN_INLINE,
  INLINE_TEMPLATES,
  RISKY_INLINE,
  customerPolicies,
} from './policies.js';
import type {
  AwsAccessKey,
  AwsAccount,
  AwsEstateData,
  AwsGroup,
  AwsInlinePolicy,
  AwsRole,
  AwsTag,
  AwsUser,
  PolicyDocument,
  PolicyStatement,
} from './types.js';

/** The default estate's accounts. Tenant id = the 12-digit account id (stable; an alias can be renamed). */
export const AWS_ACCOUNTS = [
  { accountId: '111122223333', alias: 'acme-prod', share: 0.6 },
  { accountId: '444455556666', alias: 'acme-dev', share: 0.4 },
] as const;

/** Outside accounts that roles trust: a monitoring vendor (with an external id) and an unknown legacy partner. */
export const VENDOR_ACCOUNT = '464622532012';
export const LEGACY_PARTNER_ACCOUNT = '999988887777';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SERVICES = ['s3', 'sts', 'ec2', 'lambda', 'dynamodb', 'sqs', 'iam', 'ecr'];
const REGIONS = ['us-east-1', 'us-east-1', 'eu-west-1', 'us-west-2'];
const USER_WORDS = [
  'etl',
  'backup',
  'ci',
  'deploy',
  'reporting',
  'billing',
  's3-sync',
  'terraform',
  'monitoring',
  'datadog',
  'snowflake',
  'airflow',
  'jenkins',
  'metrics',
  'exporter',
  'fivetran',
  'looker',
  'splunk',
  'github-actions',
  'vault',
];
const ROLE_WORDS = [
  'api',
  'worker',
  'ingest',
  'etl',
  'scheduler',
  'batch',
  'web',
  'auth',
  'search',
  'payments',
  'ledger',
  'notifier',
];
const SERVICE_PRINCIPALS = [
  'lambda.amazonaws.com',
  'ec2.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'glue.amazonaws.com',
  'states.amazonaws.com',
];
const FALLBACK_GITHUB = {
  org: 'acme-corp',
  repos: ['api', 'web', 'infra', 'billing-service', 'data-pipeline', 'mobile-app', 'terraform-modules', 'docs'],
};

interface GithubRefs {
  org: string;
  repos: string[];
}

/**
 * Reads the GitHub estate generated before this one (if any) without depending on its exact type: the org login
 * and repository names, so OIDC trusts point at repositories that exist.
 */
export function githubRefs(earlier: unknown): GithubRefs {
  if (!earlier || typeof earlier !== 'object') return FALLBACK_GITHUB;
  const e = earlier as Record<string, unknown>;
  const str = (v: unknown): string | null =>
    typeof v === 'string' && v
      ? v
      : v && typeof v === 'object' && typeof (v as { login?: unknown }).login === 'string'
        ? (v as { login: string }).login
        : null;
  const orgSource =
    (Array.isArray(e.orgs) ? e.orgs[0] : undefined) ??
    (Array.isArray(e.organizations) ? e.organizations[0] : undefined) ??
    e.org ??
    e.organization ??
    e.login;
  const org =
    str(orgSource) ??
    (orgSource && typeof orgSource === 'object'
      ? (str((orgSource as Record<string, unknown>).org) ?? str((orgSource as Record<string, unknown>).name))
      : null);
  const repoLists = [
    e.repos,
    e.repositories,
    orgSource && typeof orgSource === 'object' ? (orgSource as Record<string, unknown>).repos : undefined,
    orgSource && typeof orgSource === 'object' ? (orgSource as Record<string, unknown>).repositories : undefined,
  ];
  const repos: string[] = [];
  for (const l of repoLists) {
    if (!Array.isArray(l)) continue;
    for (const r of l) {
      if (typeof r === 'string') repos.push(r.includes('/') ? r.split('/')[1] : r);
      else if (r && typeof r === 'object') {
        const o = r as Record<string, unknown>;
        const name =
          typeof o.name === 'string' ? o.name : typeof o.full_name === 'string' ? o.full_name.split('/')[1] : null;
        if (name) repos.push(name);
      }
      if (repos.length >= 200) break;
    }
    if (repos.length) break;
  }
  if (!org || repos.length === 0) return FALLBACK_GITHUB;
  return { org, repos: [...new Set(repos)] };
}

class AccountBuilder {
  readonly users: AwsUser[] = [];
  readonly roles: AwsRole[] = [];
  readonly groups: AwsGroup[] = [];
  private names = new Set<string>();
  private serial = 0;

  constructor(
    readonly rng: Random,
    readonly now: Date,
    readonly accountId: string,
    readonly otherAccountId: string,
    readonly people: { active: OrgPerson[]; departed: OrgPerson[]; teams: readonly string[] },
    readonly github: GithubRefs,
  ) {}

  id(prefix: string, length = 17): string {
    return prefix + this.rng.token(length, ID_ALPHABET);
  }
  ago(days: number): string {
    return this.rng.daysAgo(this.now, days);
  }
  unique(base: string): string {
    let name = base;
    while (this.names.has(name)) name = `${base}-${++this.serial}`;
    this.names.add(name);
    return name;
  }

  key(ageDays: number, opts: { active?: boolean; lastUsedDaysAgo?: number | null } = {}): AwsAccessKey {
    const created = ageDays + this.rng.next();
    const lastUsed =
      opts.lastUsedDaysAgo === undefined
        ? this.rng.chance(0.2)
          ? null
          : Math.min(created - 0.01, this.rng.chance(0.7) ? this.rng.next() * 30 : this.rng.next() * created)
        : opts.lastUsedDaysAgo === null
          ? null
          : Math.min(created - 0.01, opts.lastUsedDaysAgo + this.rng.next() * 0.5);
    return {
      accessKeyId: this.id('AKIA', 16),
      status: opts.active === false ? 'Inactive' : 'Active',
      createDate: this.ago(created),
      lastUsedDate: lastUsed === null ? null : this.ago(Math.max(0.001, lastUsed)),
      lastUsedService: lastUsed === null ? 'N/A' : this.rng.pick(SERVICES),
      lastUsedRegion: lastUsed === null ? 'N/A' : this.rng.pick(REGIONS),
    };
  }

  ownerTags(kind: 'none' | 'owner' | 'departed' | 'team' | 'both' | 'random'): AwsTag[] {
    let k = kind;
    if (k === 'random')
      k = this.rng.weighted([
        ['none', 55],
        ['owner', 18],
        ['departed', 5],
        ['team', 17],
        ['both', 5],
      ] as const);
    const active = () => this.rng.pick(this.people.active);
    const tags: AwsTag[] = [];
    if (this.rng.chance(0.5))
      tags.push({ Key: 'env', Value: this.accountId === AWS_ACCOUNTS[0].accountId ? 'prod' : 'dev' });
    if (k === 'owner' || k === 'both')
      tags.push({ Key: this.rng.chance(0.7) ? 'owner' : 'Owner', Value: active().email });
    if (k === 'departed')
      tags.push({
        Key: 'owner',
        Value: (this.people.departed.length ? this.rng.pick(this.people.departed) : active()).email,
      });
    if (k === 'team' || k === 'both')
      tags.push({ Key: this.rng.chance(0.7) ? 'team' : 'Team', Value: this.rng.pick(this.people.teams) });
    return tags;
  }

  user(spec: Partial<AwsUser> & { name: string; ageDays: number; path?: string }): AwsUser {
    const u: AwsUser = {
      userName: this.unique(spec.name),
      userId: this.id('AIDA'),
      path: spec.path ?? '/',
      createDate: this.ago(spec.ageDays + this.rng.next()),
      password: spec.password ?? null,
      mfaActive: spec.mfaActive ?? false,
      accessKeys: spec.accessKeys ?? [],
      attachedPolicyArns: spec.attachedPolicyArns ?? [],
      inlinePolicies: spec.inlinePolicies ?? [],
      groups: spec.groups ?? [],
      tags: spec.tags ?? [],
    };
    this.users.push(u);
    return u;
  }

  role(
    spec: Partial<AwsRole> & {
      name: string;
      ageDays: number;
      trustPolicy: PolicyDocument;
      lastUsedDaysAgo?: number | null;
    },
  ): AwsRole {
    const lastUsedDays =
      spec.lastUsedDaysAgo === undefined
        ? this.rng.chance(0.25)
          ? null
          : this.rng.chance(0.7)
            ? this.rng.next() * 20
            : this.rng.next() * Math.min(spec.ageDays, 399)
        : spec.lastUsedDaysAgo;
    const r: AwsRole = {
      roleName: this.unique(spec.name),
      roleId: this.id('AROA'),
      path: spec.path ?? '/',
      createDate: this.ago(spec.ageDays + this.rng.next()),
      description: spec.description ?? null,
      maxSessionDuration: spec.maxSessionDuration ?? 3600,
      trustPolicy: spec.trustPolicy,
      attachedPolicyArns: spec.attachedPolicyArns ?? [],
      inlinePolicies: spec.inlinePolicies ?? [],
      tags: spec.tags ?? [],
      // RoleLastUsed is tracked for the trailing 400 days only.
      lastUsed:
        lastUsedDays === null || lastUsedDays >= 400 || lastUsedDays > spec.ageDays
          ? null
          : { date: this.ago(Math.max(0.001, lastUsedDays)), region: this.rng.pick(REGIONS) },
      instanceProfile: spec.instanceProfile ?? null,
    };
    this.roles.push(r);
    return r;
  }

  // --- trust policies -------------------------------------------------------------------------------------------
  trustService(...services: string[]): PolicyDocument {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: services.length === 1 ? services[0] : services },
          Action: 'sts:AssumeRole',
        },
      ],
    };
  }
  trustAccount(account: string, externalId: string | null, asArn = true): PolicyDocument {
    const s: PolicyStatement = {
      Effect: 'Allow',
      Principal: { AWS: asArn ? `arn:aws:iam::${account}:root` : account },
      Action: 'sts:AssumeRole',
    };
    if (externalId) s.Condition = { StringEquals: { 'sts:ExternalId': externalId } };
    return { Version: '2012-10-17', Statement: [s] };
  }
  trustGithub(sub: string | string[] | null, like = false): PolicyDocument {
    const cond: Record<string, Record<string, string | string[]>> = {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    };
    if (sub !== null) {
      if (like) cond.StringLike = { 'token.actions.githubusercontent.com:sub': sub };
      else cond.StringEquals['token.actions.githubusercontent.com:sub'] = sub;
    }
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${this.accountId}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: cond,
        },
      ],
    };
  }
  trustSaml(provider: string): PolicyDocument {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${this.accountId}:saml-provider/${provider}` },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    };
  }
  repo(): string {
    return this.rng.pick(this.github.repos);
  }
}

function customerArn(accountId: string, name: string) {
  return `arn:aws:iam::${accountId}:policy/${name}`;
}

/** Planted cases: every aws-* risk and the generic ones, in every account, whatever the estate size. */
function plant(b: AccountBuilder, prod: boolean): void {
  const acct = b.accountId;
  const gh = b.github;
  const active = () => b.rng.pick(b.people.active);
  const departed = () => (b.people.departed.length ? b.rng.pick(b.people.departed) : active());
  // Service users
  b.user({
    name: 'svc-legacy-deploy',
    ageDays: 1500,
    accessKeys: [b.key(1400, { lastUsedDaysAgo: 2 })],
    attachedPolicyArns: [AWS_POLICY.AdministratorAccess],
  });
  b.user({
    name: 'svc-two-keys',
    ageDays: 800,
    path: '/svc/',
    accessKeys: [b.key(520, { lastUsedDaysAgo: 3 }), b.key(30, { lastUsedDaysAgo: 1 })],
    attachedPolicyArns: [customerArn(acct, 'acme-app-data')],
    tags: [{ Key: 'owner', Value: active().email }],
  });
  b.user({
    name: 'svc-stale-reporting',
    ageDays: 700,
    accessKeys: [b.key(300, { lastUsedDaysAgo: 200 })],
    attachedPolicyArns: [AWS_POLICY.ReadOnlyAccess],
    tags: [
      { Key: 'owner', Value: departed().email },
      { Key: 'team', Value: 'data' },
    ],
  });
  b.user({
    name: 'svc-never-used',
    ageDays: 320,
    accessKeys: [b.key(310, { lastUsedDaysAgo: null })],
    inlinePolicies: [INLINE_TEMPLATES.s3Read],
    tags: [{ Key: 'team', Value: 'growth' }],
  });
  b.user({
    name: 'svc-console-user',
    ageDays: 600,
    accessKeys: [b.key(200, { lastUsedDaysAgo: 1 })],
    attachedPolicyArns: [AWS_POLICY.PowerUserAccess],
    password: { createDate: b.ago(590), lastChanged: b.ago(590), lastUsed: b.ago(5) },
    tags: [{ Key: 'owner', Value: active().email }],
  });
  b.user({
    name: 'svc-console-dormant',
    ageDays: 900,
    accessKeys: [b.key(100, { lastUsedDaysAgo: 10 })],
    inlinePolicies: [INLINE_TEMPLATES.sqsSend],
    password: { createDate: b.ago(890), lastChanged: b.ago(890), lastUsed: null },
  });
  b.user({
    name: 'svc-lambda-deployer',
    ageDays: 400,
    path: '/svc/',
    accessKeys: [b.key(60, { lastUsedDaysAgo: 0.2 })],
    inlinePolicies: [INLINE_TEMPLATES.passRoleLambda],
    tags: [{ Key: 'team', Value: 'platform' }],
  });
  b.user({
    name: 'svc-ec2-launcher',
    ageDays: 450,
    accessKeys: [b.key(90, { lastUsedDaysAgo: 4 })],
    inlinePolicies: [INLINE_TEMPLATES.passRoleEc2],
  });
  b.user({
    name: 'svc-key-minter',
    ageDays: 380,
    path: '/svc/',
    accessKeys: [b.key(380, { lastUsedDaysAgo: 7 })],
    inlinePolicies: [INLINE_TEMPLATES.createAccessKey],
    tags: [{ Key: 'owner', Value: departed().email }],
  });
  b.user({
    name: 'svc-policy-attacher',
    ageDays: 250,
    accessKeys: [b.key(250, { lastUsedDaysAgo: 30 })],
    inlinePolicies: [INLINE_TEMPLATES.attachUserPolicy],
  });
  b.user({
    name: 'svc-star-star',
    ageDays: 1100,
    accessKeys: [b.key(1000, { lastUsedDaysAgo: 120 }), b.key(20, { active: false, lastUsedDaysAgo: null })],
    inlinePolicies: [INLINE_TEMPLATES.starStar],
    tags: [{ Key: 'team', Value: 'sre' }],
  });
  b.user({
    name: 'svc-retired-exporter',
    ageDays: 1300,
    accessKeys: [b.key(1250, { active: false, lastUsedDaysAgo: 700 })],
    inlinePolicies: [INLINE_TEMPLATES.s3Write],
  });
  b.user({
    name: 'svc-ci-group',
    ageDays: 500,
    path: '/svc/',
    accessKeys: [b.key(45, { lastUsedDaysAgo: 0.5 })],
    groups: ['ci-deployers'],
    tags: [
      { Key: 'owner', Value: active().email },
      { Key: 'team', Value: 'platform' },
    ],
  });
  b.user({
    name: 'svc-ops-admins',
    ageDays: 2000,
    accessKeys: [b.key(1900, { lastUsedDaysAgo: 95 })],
    groups: ['ops-admins'],
  });
  b.user({
    name: 'svc-iam-put',
    ageDays: 150,
    accessKeys: [b.key(140, { lastUsedDaysAgo: 2 })],
    inlinePolicies: [INLINE_TEMPLATES.iamPutStar],
    attachedPolicyArns: [customerArn(acct, 'acme-legacy-ops')],
    tags: [{ Key: 'owner', Value: active().email }],
  });
  b.user({
    name: 'svc-key-rotator',
    ageDays: 300,
    path: '/svc/',
    accessKeys: [b.key(100, { lastUsedDaysAgo: 1 })],
    attachedPolicyArns: [customerArn(acct, 'acme-key-rotation')],
  });
  b.user({ name: 'svc-no-credentials', ageDays: 600, attachedPolicyArns: [AWS_POLICY.AmazonS3ReadOnlyAccess] });
  // A departed engineer's IAM user: console password plus a key their scripts still use.
  const gone = departed();
  b.user({
    name: gone.email,
    ageDays: 1000,
    accessKeys: [b.key(700, { lastUsedDaysAgo: 1 })],
    password: { createDate: b.ago(990), lastChanged: b.ago(400), lastUsed: b.ago(60) },
    mfaActive: false,
    groups: ['developers'],
    tags: [{ Key: 'owner', Value: gone.email }],
  });

  // Roles
  b.role({
    name: `gha-deploy-${gh.repos[0]}`,
    ageDays: 300,
    trustPolicy: b.trustGithub(`repo:${gh.org}/${gh.repos[0]}:ref:refs/heads/main`),
    attachedPolicyArns: [customerArn(acct, 'acme-ci-deploy')],
    lastUsedDaysAgo: 0.1,
    tags: [{ Key: 'team', Value: 'platform' }],
  });
  b.role({
    name: 'gha-terraform',
    ageDays: 500,
    trustPolicy: b.trustGithub(`repo:${gh.org}/*`, true),
    attachedPolicyArns: [AWS_POLICY.AdministratorAccess],
    lastUsedDaysAgo: 1,
  });
  b.role({
    name: 'gha-any-repo',
    ageDays: 200,
    trustPolicy: b.trustGithub(null),
    attachedPolicyArns: [AWS_POLICY.AmazonS3FullAccess],
    lastUsedDaysAgo: 3,
    tags: [{ Key: 'owner', Value: active().email }],
  });
  const r1 = gh.repos[1 % gh.repos.length];
  const r2 = gh.repos[2 % gh.repos.length];
  b.role({
    name: 'gha-multi-repo',
    ageDays: 120,
    trustPolicy: b.trustGithub([`repo:${gh.org}/${r1}:*`, `repo:${gh.org}/${r2}:environment:production`], true),
    inlinePolicies: [INLINE_TEMPLATES.ecrPush],
    lastUsedDaysAgo: 2,
  });
  b.role({
    name: 'datadog-integration',
    ageDays: 800,
    trustPolicy: b.trustAccount(VENDOR_ACCOUNT, b.rng.hex(32)),
    attachedPolicyArns: [AWS_POLICY.SecurityAudit],
    lastUsedDaysAgo: 0.05,
    tags: [{ Key: 'team', Value: 'sre' }],
  });
  b.role({
    name: 'legacy-partner-access',
    ageDays: 1500,
    trustPolicy: b.trustAccount(LEGACY_PARTNER_ACCOUNT, null, false),
    attachedPolicyArns: [AWS_POLICY.ReadOnlyAccess],
    lastUsedDaysAgo: 150,
  });
  b.role({
    name: prod ? 'dev-account-deployer' : 'prod-account-reader',
    ageDays: 600,
    trustPolicy: b.trustAccount(b.otherAccountId, null),
    attachedPolicyArns: [prod ? AWS_POLICY.PowerUserAccess : AWS_POLICY.ReadOnlyAccess],
    lastUsedDaysAgo: 6,
    tags: [{ Key: 'owner', Value: departed().email }],
  });
  b.role({
    name: 'same-account-breakglass',
    ageDays: 900,
    trustPolicy: b.trustAccount(acct, null),
    attachedPolicyArns: [AWS_POLICY.AdministratorAccess],
    lastUsedDaysAgo: null,
  });
  b.role({
    name: 'ec2-admin-instance',
    ageDays: 700,
    trustPolicy: b.trustService('ec2.amazonaws.com'),
    attachedPolicyArns: [AWS_POLICY.AdministratorAccess, AWS_POLICY.AmazonSSMManagedInstanceCore],
    instanceProfile: 'ec2-admin-instance',
    lastUsedDaysAgo: 0.01,
  });
  b.role({
    name: 'lambda-etl',
    ageDays: 365,
    trustPolicy: b.trustService('lambda.amazonaws.com'),
    attachedPolicyArns: [AWS_POLICY.AWSLambdaBasicExecutionRole],
    inlinePolicies: [INLINE_TEMPLATES.s3Read, INLINE_TEMPLATES.metricsRead],
    lastUsedDaysAgo: 0.3,
    tags: [
      { Key: 'owner', Value: active().email },
      { Key: 'team', Value: 'data' },
    ],
  });
  b.role({
    name: 'batch-stale',
    ageDays: 800,
    trustPolicy: b.trustService('ecs-tasks.amazonaws.com'),
    attachedPolicyArns: [customerArn(acct, 'acme-app-data')],
    lastUsedDaysAgo: 200,
  });
  b.role({
    name: 'unused-glue-role',
    ageDays: 300,
    trustPolicy: b.trustService('glue.amazonaws.com'),
    inlinePolicies: [INLINE_TEMPLATES.s3Write],
    lastUsedDaysAgo: null,
    tags: [{ Key: 'team', Value: 'data' }],
  });
  b.role({
    name: 'iam-automation',
    ageDays: 400,
    trustPolicy: b.trustService('lambda.amazonaws.com'),
    attachedPolicyArns: [AWS_POLICY.IAMFullAccess],
    lastUsedDaysAgo: 9,
  });
  b.role({
    name: 'AWSServiceRoleForSupport',
    path: '/aws-service-role/support.amazonaws.com/',
    ageDays: 1400,
    trustPolicy: b.trustService('support.amazonaws.com'),
    attachedPolicyArns: [AWS_POLICY.AWSSupportServiceRolePolicy],
    description: 'Enables resource access for AWS to provide billing, administrative and support services',
    lastUsedDaysAgo: 0.5,
  });
  // Human sign-in roles (SAML): not NHIs, served but not labelled.
  b.role({
    name: 'AWSReservedSSO_AdministratorAccess_4f1c2a',
    path: '/aws-reserved/sso.amazonaws.com/',
    ageDays: 700,
    trustPolicy: b.trustSaml('AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE'),
    attachedPolicyArns: [AWS_POLICY.AdministratorAccess],
    lastUsedDaysAgo: 0.2,
    maxSessionDuration: 43200,
  });
  b.role({
    name: 'okta-readonly',
    ageDays: 1000,
    trustPolicy: b.trustSaml('okta'),
    attachedPolicyArns: [AWS_POLICY.ReadOnlyAccess],
    lastUsedDaysAgo: 1,
  });
}

function randomServiceUser(b: AccountBuilder, i: number): void {
  const rng = b.rng;
  const age = rng.ageDays(2800) + 5;
  const nKeys = rng.weighted([
    [0, 8],
    [1, 77],
    [2, 15],
  ] as const);
  const keys: AwsAccessKey[] = [];
  let keyAge = Math.max(1, Math.min(age - 1, rng.ageDays(2800)));
  for (let k = 0; k < nKeys; k++) {
    keys.push(b.key(keyAge, { active: rng.chance(0.85) }));
    keyAge = Math.max(1, keyAge - rng.int(15, 400));
  }
  // Two keys of one user never share a creation second (the credential report is matched by it).
  if (keys.length === 2 && keys[0].createDate === keys[1].createDate) keys.pop();
  const attached: string[] = [];
  const pick = rng.weighted([
    ['admin', 4],
    ['readonly', 15],
    ['s3', 15],
    ['custom', 35],
    ['none', 31],
  ] as const);
  if (pick === 'admin') attached.push(AWS_POLICY.AdministratorAccess);
  else if (pick === 'readonly') attached.push(AWS_POLICY.ReadOnlyAccess);
  else if (pick === 's3')
    attached.push(rng.chance(0.5) ? AWS_POLICY.AmazonS3FullAccess : AWS_POLICY.AmazonS3ReadOnlyAccess);
  else if (pick === 'custom')
    attached.push(
      customerArn(
        b.accountId,
        rng.weighted([
          ['acme-app-data', 30],
          ['acme-secrets-read', 20],
          ['acme-logs-write', 25],
          ['acme-ci-deploy', 8],
          ['acme-legacy-ops', 17],
        ] as const),
      ),
    );
  const inline: AwsInlinePolicy[] = [];
  if (rng.chance(0.35)) inline.push(rng.chance(0.06) ? rng.pick(RISKY_INLINE) : rng.pick(BENIGN_INLINE));
  const password = rng.chance(0.04)
    ? {
        createDate: b.ago(age - 1),
        lastChanged: b.ago(rng.int(1, age)),
        lastUsed: rng.chance(0.5) ? b.ago(rng.int(1, Math.min(age, 400))) : null,
      }
    : null;
  b.user({
    name: `svc-${rng.pick(USER_WORDS)}-${i}`,
    path: rng.chance(0.3) ? '/svc/' : '/',
    ageDays: age,
    accessKeys: keys,
    password,
    attachedPolicyArns: attached,
    inlinePolicies: inline,
    groups: rng.chance(0.08) ? ['ci-deployers'] : [],
    tags: b.ownerTags('random'),
  });
}

function randomRole(b: AccountBuilder, i: number): void {
  const rng = b.rng;
  const age = rng.ageDays(2800) + 2;
  const kind = rng.weighted([
    ['service', 58],
    ['account', 10],
    ['vendor', 8],
    ['github', 14],
    ['github-org', 2],
    ['github-nosub', 1],
    ['saml', 7],
  ] as const);
  const word = rng.pick(ROLE_WORDS);
  let trust: PolicyDocument;
  let name: string;
  let instanceProfile: string | null = null;
  switch (kind) {
    case 'service': {
      const svc = rng.pick(SERVICE_PRINCIPALS);
      trust = b.trustService(svc);
      name = `${word}-${svc.split('.')[0]}-${i}`;
      if (svc.startsWith('ec2')) instanceProfile = name;
      break;
    }
    case 'account': {
      const ext = rng.chance(0.5);
      trust = b.trustAccount(
        rng.chance(0.6) ? b.accountId : b.otherAccountId,
        ext ? rng.hex(24) : null,
        rng.chance(0.8),
      );
      name = `${word}-cross-${i}`;
      break;
    }
    case 'vendor':
      trust = b.trustAccount(VENDOR_ACCOUNT, rng.chance(0.9) ? rng.hex(32) : null);
      name = `vendor-${word}-${i}`;
      break;
    case 'github':
      trust = b.trustGithub(
        `repo:${b.github.org}/${b.repo()}:${rng.pick(['ref:refs/heads/main', 'environment:production', 'pull_request', '*'])}`,
        rng.chance(0.4),
      );
      name = `gha-${word}-${i}`;
      break;
    case 'github-org':
      trust = b.trustGithub(`repo:${b.github.org}/*:*`, true);
      name = `gha-org-${word}-${i}`;
      break;
    case 'github-nosub':
      trust = b.trustGithub(null);
      name = `gha-open-${word}-${i}`;
      break;
    default:
      trust = b.trustSaml(rng.pick(['okta', 'AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE']));
      name = `sso-${word}-${i}`;
  }
  const attached: string[] = [];
  const pick = rng.weighted([
    ['admin', 4],
    ['power', 2],
    ['readonly', 10],
    ['lambda', 22],
    ['custom', 35],
    ['none', 27],
  ] as const);
  if (pick === 'admin') attached.push(AWS_POLICY.AdministratorAccess);
  else if (pick === 'power') attached.push(AWS_POLICY.PowerUserAccess);
  else if (pick === 'readonly') attached.push(AWS_POLICY.ReadOnlyAccess);
  else if (pick === 'lambda') attached.push(AWS_POLICY.AWSLambdaBasicExecutionRole);
  else if (pick === 'custom')
    attached.push(
      customerArn(
        b.accountId,
        rng.weighted([
          ['acme-app-data', 35],
          ['acme-secrets-read', 25],
          ['acme-logs-write', 25],
          ['acme-ci-deploy', 10],
          ['acme-key-rotation', 5],
        ] as const),
      ),
    );
  const inline: AwsInlinePolicy[] = [];
  if (rng.chance(0.4)) inline.push(rng.chance(0.04) ? rng.pick(RISKY_INLINE) : rng.pick(BENIGN_INLINE));
  b.role({
    name,
    ageDays: age,
    trustPolicy: trust,
    attachedPolicyArns: attached,
    inlinePolicies: inline,
    tags: b.ownerTags('random'),
    instanceProfile,
    maxSessionDuration: rng.chance(0.1) ? 43200 : 3600,
  });
}

function humanUsers(b: AccountBuilder, people: OrgPerson[], share: number): void {
  const rng = b.rng;
  for (const p of people) {
    if (!rng.chance(share)) continue;
    const age = rng.ageDays(2000) + 10;
    const lastUsed =
      p.status === 'departed'
        ? rng.chance(0.7)
          ? b.ago(rng.int(100, 399))
          : null
        : rng.chance(0.85)
          ? b.ago(rng.next() * 30)
          : null;
    b.user({
      name: rng.chance(0.5) ? p.email : p.email.split('@')[0],
      ageDays: age,
      password: { createDate: b.ago(age - 0.5), lastChanged: b.ago(rng.int(1, age)), lastUsed },
      mfaActive: rng.chance(0.7),
      groups: [rng.chance(0.15) ? 'ops-admins' : 'developers'],
      tags: rng.chance(0.3) ? [{ Key: 'email', Value: p.email }] : [],
    });
  }
}

function groupsFor(b: AccountBuilder): AwsGroup[] {
  const g = (groupName: string, attachedPolicyArns: string[], inlinePolicies: AwsInlinePolicy[] = []): AwsGroup => ({
    groupName,
    groupId: b.id('AGPA'),
    path: '/',
    createDate: b.ago(1500 + b.rng.int(0, 300)),
    attachedPolicyArns,
    inlinePolicies,
  });
  return [
    g('developers', [AWS_POLICY.ReadOnlyAccess], [INLINE_TEMPLATES.metricsRead]),
    g('ops-admins', [AWS_POLICY.AdministratorAccess]),
    g('ci-deployers', [customerArn(b.accountId, 'acme-ci-deploy'), AWS_POLICY.AmazonS3ReadOnlyAccess]),
  ];
}

/** Generates the AWS accounts (O(n) in the NHI count) and the label of every NHI plus GitHub OIDC edges. */
export function generateAws(ctx: PlatformGenerateContext): PlatformEstate<AwsEstateData> {
  const { rng, now, org } = ctx;
  const github = githubRefs(ctx.earlier.github);
  const accounts: AwsAccount[] = [];
  const builders: Array<{ b: AccountBuilder; account: AwsAccount }> = [];
  for (let a = 0; a < AWS_ACCOUNTS.length; a++) {
    const spec = AWS_ACCOUNTS[a];
    const prod = a === 0;
    const other = AWS_ACCOUNTS[(a + 1) % AWS_ACCOUNTS.length].accountId;
    const b = new AccountBuilder(
      rng,
      now,
      spec.accountId,
      other,
      { active: org.active, departed: org.departed, teams: org.teams },
      github,
    );
    b.groups.push(...groupsFor(b));
    plant(b, prod);
    const planted = b.users.length + b.roles.length;
    const target = Math.max(0, Math.round(ctx.count * spec.share) - planted);
    const nUsers = Math.round(target * 0.4);
    for (let i = 0; i < nUsers; i++) randomServiceUser(b, i);
    for (let i = 0; i < target - nUsers; i++) randomRole(b, i);
    humanUsers(b, org.people, prod ? 0.35 : 0.2);
    const rootKeys: AwsAccessKey[] = prod ? [b.key(1100, { lastUsedDaysAgo: 40 })] : [];
    const idSuffix = () => b.id('', 17);
    const account: AwsAccount = {
      accountId: spec.accountId,
      alias: spec.alias,
      root: {
        createDate: b.ago(2400),
        passwordLastUsed: prod ? b.ago(12) : b.ago(300),
        mfaActive: prod,
        accessKeys: rootKeys,
      },
      users: b.users,
      groups: b.groups,
      roles: b.roles,
      policies: customerPolicies(spec.accountId, (d) => b.ago(d), idSuffix),
      oidcProviders: [`arn:aws:iam::${spec.accountId}:oidc-provider/token.actions.githubusercontent.com`],
      samlProviders: [
        `arn:aws:iam::${spec.accountId}:saml-provider/okta`,
        `arn:aws:iam::${spec.accountId}:saml-provider/AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE`,
      ],
    };
    accounts.push(account);
    builders.push({ b, account });
  }
  const data: AwsEstateData = { now: now.toISOString(), accounts, awsManagedPolicies: AWS_MANAGED_POLICIES };
  const oracle = new AwsLabelOracle(data, {
    now,
    departedEmails: new Set(org.departed.map((p) => p.email.toLowerCase())),
    accountIds: new Set(accounts.map((a) => a.accountId)),
  });
  const identities: AwsIdentityLabel[] = [];
  const edges: EdgeLabel[] = [];
  for (const account of accounts) {
    const root = oracle.rootLabel(account);
    if (root) identities.push(root);
    for (const u of account.users) if (!AwsLabelOracle.isHumanUser(u)) identities.push(oracle.userLabel(account, u));
    for (const r of account.roles) {
      if (AwsLabelOracle.isHumanRole(r)) continue;
      const label = oracle.roleLabel(account, r);
      identities.push(label);
      for (const to of githubOidcTargets(r)) edges.push({ from: label.id, to, kind: 'trusts_oidc' });
    }
  }
  return { data, identities, edges };
}

/** Sizes that set the minimum number of IAM API calls a full scan of one account needs (see docs/connectors/aws.md). */
export function awsAccountSizes(data: AwsEstateData, accountId: string) {
  const a = data.accounts.find((x) => x.accountId === accountId);
  if (!a) throw new Error(`no AWS account ${accountId} in the estate`);
  const attachedAws = new Set<string>();
  const collect = (arns: string[]) => {
    for (const arn of arns) if (arn.startsWith('arn:aws:iam::aws:')) attachedAws.add(arn);
  };
  for (const u of a.users) collect(u.attachedPolicyArns);
  for (const g of a.groups) collect(g.attachedPolicyArns);
  for (const r of a.roles) collect(r.attachedPolicyArns);
  return {
    users: a.users.length,
    groups: a.groups.length,
    roles: a.roles.length,
    /** Customer-managed plus the AWS-managed policies attached to something. */
    policies: a.policies.length + attachedAws.size,
    usersWithKeys: a.users.filter((u) => u.accessKeys.length > 0).length,
  };
}
