import type { EdgeLabel } from '../../../emulation/estate/labels.js';
import type { PlatformEstate, PlatformGenerateContext } from '../../../emulation/estate/generator.js';
import { AccountBuilder, AWS_ACCOUNTS, customerArn } from './builder.js';
import { githubRefs, type GithubRefs } from './github-refs.js';
import { AwsLabelOracle, githubOidcTargets, providerTargets, type AwsIdentityLabel } from './oracle.js';
import { AWS_MANAGED_POLICIES, AWS_POLICY, INLINE_TEMPLATES, customerPolicies } from './policies.js';
import { eksIssuer, plant } from './planted.js';
import { plantServiceUse } from './service-access.js';
import { unusedAccessAnalyzer } from './unused-access.js';
import { GITHUB_OIDC_ISSUER } from './catalogue.js';
import { humanUsers, randomRole, randomServiceUser } from './random-identities.js';
import type { AwsAccessKey, AwsAccount, AwsEstateData, AwsGroup, AwsInlinePolicy } from './types.js';

export { AWS_ACCOUNTS, LEGACY_PARTNER_ACCOUNT, VENDOR_ACCOUNT } from './builder.js';
export { githubRefs } from './github-refs.js';

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

/** One account of an estate: its id, alias and share of the platform's NHIs. */
export interface AwsAccountSpec {
  accountId: string;
  alias: string;
  share: number;
}

/** What an estate other than the default one adds to each account after its planted cases (organization.ts). */
export type AccountExtras = (b: AccountBuilder, index: number) => void;

/**
 * Generates the AWS accounts (O(n) in the NHI count) and the label of every NHI plus GitHub OIDC edges. `specs` and
 * `extras` are for other estates (an organization's); the default estate is AWS_ACCOUNTS alone.
 */
export function generateAws(
  ctx: PlatformGenerateContext,
  specs: readonly AwsAccountSpec[] = AWS_ACCOUNTS,
  extras?: AccountExtras,
): PlatformEstate<AwsEstateData> {
  const github = githubRefs(ctx.earlier.github);
  const accounts = specs.map((_spec, a) => buildAccount(ctx, specs, a, github, extras));
  const data: AwsEstateData = {
    now: ctx.now.toISOString(),
    accounts,
    awsManagedPolicies: AWS_MANAGED_POLICIES,
    userKeyLists: false,
    serviceLastAccessed: false,
  };
  return { data, ...labelAccounts(ctx, data) };
}

/** One account: groups, planted cases, random service users and roles up to its share, human users, root. */
function buildAccount(
  ctx: PlatformGenerateContext,
  specs: readonly AwsAccountSpec[],
  a: number,
  github: GithubRefs,
  extras?: AccountExtras,
): AwsAccount {
  const { rng, now, org } = ctx;
  const spec = specs[a];
  const prod = a === 0;
  const other = specs[(a + 1) % specs.length].accountId;
  const people = { active: org.active, departed: org.departed, teams: org.teams };
  const b = new AccountBuilder(rng, now, spec.accountId, other, people, github);
  b.groups.push(...groupsFor(b));
  plant(b, prod);
  extras?.(b, a);
  const planted = b.users.length + b.roles.length;
  const target = Math.max(0, Math.round(ctx.count * spec.share) - planted);
  const nUsers = Math.round(target * 0.4);
  for (let i = 0; i < nUsers; i++) randomServiceUser(b, i);
  for (let i = 0; i < target - nUsers; i++) randomRole(b, i);
  humanUsers(b, org.people, prod ? 0.35 : 0.2);
  plantServiceUse(b.users, b.roles, prod);
  const rootKeys: AwsAccessKey[] = prod ? [b.key(1100, { lastUsedDaysAgo: 40 })] : [];
  const idSuffix = () => b.id('', 17);
  return {
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
    ...identityProviders(b, prod),
    unusedAccessAnalyzer: unusedAccessAnalyzer(spec.accountId, b.users, b.roles, now, prod),
  };
}

/**
 * The account's identity providers: GitHub Actions and its EKS cluster's issuer (OIDC), Okta and IAM Identity Center
 * (SAML; the Okta metadata of the dev account has lapsed). Every role trust in the account names one of them.
 */
function identityProviders(b: AccountBuilder, prod: boolean): Pick<AwsAccount, 'oidcProviders' | 'samlProviders'> {
  const active = () => b.rng.pick(b.people.active);
  return {
    oidcProviders: [
      {
        url: GITHUB_OIDC_ISSUER.url,
        clientIds: ['sts.amazonaws.com'],
        thumbprints: GITHUB_OIDC_ISSUER.thumbprints,
        createDate: b.ago(700 + b.rng.int(0, 100)),
        tags: prod ? [{ Key: 'owner', Value: active().email }] : [],
      },
      {
        url: eksIssuer(b.accountId),
        clientIds: ['sts.amazonaws.com'],
        thumbprints: [b.rng.hex(40)],
        createDate: b.ago(160),
        tags: [
          { Key: 'team', Value: 'payments' },
          { Key: 'env', Value: prod ? 'prod' : 'dev' },
        ],
      },
    ],
    samlProviders: [
      { name: 'okta', createDate: b.ago(1100), validUntil: prod ? b.ago(-300) : b.ago(20) },
      { name: 'AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE', createDate: b.ago(720), validUntil: b.ago(-3000) },
    ],
  };
}

/**
 * Every NHI's label (root with a key, non-human users, non-SAML roles, identity providers) and the roles' GitHub OIDC
 * and identity-provider edges, by the oracle.
 */
function labelAccounts(
  ctx: PlatformGenerateContext,
  data: AwsEstateData,
): { identities: AwsIdentityLabel[]; edges: EdgeLabel[] } {
  const oracle = new AwsLabelOracle(data, {
    now: ctx.now,
    departedEmails: new Set(ctx.org.departed.map((p) => p.email.toLowerCase())),
    accountIds: new Set(data.accounts.map((a) => a.accountId)),
  });
  const identities: AwsIdentityLabel[] = [];
  const edges: EdgeLabel[] = [];
  for (const account of data.accounts) {
    const root = oracle.rootLabel(account);
    if (root) identities.push(root);
    for (const u of account.users) if (!AwsLabelOracle.isHumanUser(u)) identities.push(oracle.userLabel(account, u));
    for (const r of account.roles) {
      if (AwsLabelOracle.isHumanRole(r)) continue;
      const label = oracle.roleLabel(account, r);
      identities.push(label);
      for (const to of githubOidcTargets(r)) edges.push({ from: label.id, to, kind: 'trusts_oidc' });
      for (const to of providerTargets(account.accountId, r))
        edges.push({ from: label.id, to, kind: 'trusts_provider' });
    }
    for (const p of account.oidcProviders) identities.push(oracle.oidcProviderLabel(account, p));
    for (const p of account.samlProviders) identities.push(oracle.samlProviderLabel(account, p));
  }
  return { identities, edges };
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
    /** Users scanned as NHIs (no console password, or an access key): one ListSSHPublicKeys each. */
    nhiUsers: a.users.filter((u) => u.password === null || u.accessKeys.length > 0).length,
    /** NHI users with a signing certificate (the report shows it): one ListSigningCertificates each. */
    nhiUsersWithCertificates: a.users.filter(
      (u) => (u.password === null || u.accessKeys.length > 0) && u.signingCertificates.length > 0,
    ).length,
    /**
     * Principals asked for IAM last accessed with `serviceLastAccessed`: NHI users and every role, one
     * GenerateServiceLastAccessedDetails + one GetServiceLastAccessedDetails each (the emulator completes a job at once
     * and every allowed service fits its page of 100).
     */
    lastAccessedJobs: a.users.filter((u) => u.password === null || u.accessKeys.length > 0).length + a.roles.length,
    /** Every user's service-specific credentials (one account-wide listing, 1000 a page). */
    serviceCredentials: a.users.reduce((n, u) => n + u.serviceCredentials.length, 0),
    oidcProviders: a.oidcProviders.length,
    /**
     * Access Analyzer calls: ListAnalyzers, then ListFindingsV2 pages (100 ACTIVE findings a page, at least one)
     * when the account has an ACTIVE unused-access analyzer.
     */
    accessAnalyzerCalls: 1 + analyzerFindingPages(a),
    samlProviders: a.samlProviders.length,
  };
}

/** ListFindingsV2 pages of an account (filter status ACTIVE, 100 a page); 0 without an ACTIVE analyzer. */
export function analyzerFindingPages(a: AwsAccount): number {
  const analyzer = a.unusedAccessAnalyzer;
  if (analyzer?.status !== 'ACTIVE') return 0;
  return Math.max(1, Math.ceil(analyzer.findings.filter((f) => f.status === 'ACTIVE').length / 100));
}
