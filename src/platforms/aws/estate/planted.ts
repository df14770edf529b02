import { AWS_POLICY, INLINE_TEMPLATES } from './policies.js';
import { type AccountBuilder, customerArn, LEGACY_PARTNER_ACCOUNT, VENDOR_ACCOUNT } from './builder.js';

/** Planted cases: every aws-* risk and the generic ones, in every account, whatever the estate size. */
export function plant(b: AccountBuilder, prod: boolean): void {
  plantServiceUsers(b);
  plantEscalationUsers(b);
  plantOtherUsers(b);
  plantGithubRoles(b);
  plantAccountRoles(b, prod);
  plantServiceRoles(b);
  plantSigninRoles(b);
  plantServiceCredentialUsers(b);
  plantFederationRoles(b);
  plantSshKeyUsers(b);
}

/**
 * SSH public keys (CodeCommit): a key-less service user whose only credentials are an active SSH key older than
 * rotationDays (credential-not-rotated) and a retired one.
 */
function plantSshKeyUsers(b: AccountBuilder): void {
  const deploy = b.user({
    name: 'svc-codecommit-deploy',
    ageDays: 700,
    inlinePolicies: [INLINE_TEMPLATES.s3Read],
    tags: [{ Key: 'team', Value: 'platform' }],
  });
  deploy.sshPublicKeys.push(b.sshKey(400), b.sshKey(650, 'Inactive'));
  // A key-less user signing SOAP-era requests with an X.509 certificate uploaded years ago.
  const signer = b.user({
    name: 'svc-legacy-signer',
    ageDays: 1500,
    inlinePolicies: [INLINE_TEMPLATES.s3Read],
    tags: [{ Key: 'team', Value: 'platform' }],
  });
  signer.signingCertificates.push(b.signingCertificate(1400));
}

/** The EKS cluster OIDC issuer of an account (its IRSA roles trust it). */
export const eksIssuer = (accountId: string) =>
  `oidc.eks.us-east-1.amazonaws.com/id/${accountId === '111122223333' ? 'A1B2C3D4E5F60718293A4B5C6D7E8F90' : '0F9E8D7C6B5A49382716F5E4D3C2B1A0'}`;

/**
 * Service-specific credentials: a Bedrock API key that never expires (and an expired one) on a key-less user, a
 * short-lived Bedrock key, an old CodeCommit password next to an access key, a retired CodeCommit password.
 */
function plantServiceCredentialUsers(b: AccountBuilder): void {
  const { active } = owners(b);
  const agent = b.user({
    name: 'svc-bedrock-agent',
    ageDays: 220,
    inlinePolicies: [INLINE_TEMPLATES.bedrockInvoke],
    tags: [{ Key: 'team', Value: 'ml' }],
  });
  agent.serviceCredentials.push(
    b.serviceCredential(agent.userName, 'bedrock.amazonaws.com', 200, { lifetimeDays: null }),
    b.serviceCredential(agent.userName, 'bedrock.amazonaws.com', 210, { status: 'Expired', lifetimeDays: 7 }),
  );
  const shortLived = b.user({
    name: 'BedrockAPIKey-r7k2',
    ageDays: 10,
    inlinePolicies: [INLINE_TEMPLATES.bedrockInvoke],
    tags: [{ Key: 'owner', Value: active().email }],
  });
  shortLived.serviceCredentials.push(
    b.serviceCredential(shortLived.userName, 'bedrock.amazonaws.com', 9, { lifetimeDays: 90 }),
  );
  const mirror = b.user({
    name: 'svc-codecommit-mirror',
    ageDays: 900,
    accessKeys: [b.key(60, { lastUsedDaysAgo: 1 })],
    inlinePolicies: [INLINE_TEMPLATES.s3Read],
    tags: [{ Key: 'team', Value: 'platform' }],
  });
  mirror.serviceCredentials.push(
    b.serviceCredential(mirror.userName, 'codecommit.amazonaws.com', 800),
    b.serviceCredential(mirror.userName, 'codecommit.amazonaws.com', 850, { status: 'Inactive' }),
  );
}

/**
 * Roles federating to the account's other identity providers, and GitHub trusts that exercise the 2026
 * provider-specific claim keys: an EKS IRSA role, a GitHub trust pinned by repository_id only (not open), and one
 * whose StringLike sub matches any owner (open).
 */
function plantFederationRoles(b: AccountBuilder): void {
  const acct = b.accountId;
  const issuer = eksIssuer(acct);
  b.role({
    name: 'eks-payments-api',
    ageDays: 150,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${acct}:oidc-provider/${issuer}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${issuer}:sub`]: 'system:serviceaccount:payments:api',
              [`${issuer}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    },
    inlinePolicies: [INLINE_TEMPLATES.sqsSend],
    lastUsedDaysAgo: 0.2,
    tags: [{ Key: 'team', Value: 'payments' }],
  });
  const host = 'token.actions.githubusercontent.com';
  const github = (condition: Record<string, Record<string, string | string[]>>) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow' as const,
        Principal: { Federated: `arn:aws:iam::${acct}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: condition,
      },
    ],
  });
  b.role({
    name: 'gha-repository-id',
    ageDays: 40,
    trustPolicy: github({
      StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:repository_id`]: String(b.rng.int(1e8, 9e8)) },
    }),
    inlinePolicies: [INLINE_TEMPLATES.ecrPush],
    lastUsedDaysAgo: 1,
    tags: [{ Key: 'team', Value: 'platform' }],
  });
  b.role({
    name: 'gha-wildcard-owner',
    ageDays: 90,
    trustPolicy: github({
      StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${host}:sub`]: 'repo:*' },
    }),
    inlinePolicies: [INLINE_TEMPLATES.s3Read],
    lastUsedDaysAgo: 4,
  });
}

/** Owner picks from the org: an active person, or a departed one (an active one when nobody has left). */
function owners(b: AccountBuilder) {
  const active = () => b.rng.pick(b.people.active);
  const departed = () => (b.people.departed.length ? b.rng.pick(b.people.departed) : active());
  return { active, departed };
}

/** Service users with old, doubled, stale, unused keys and console passwords. */
function plantServiceUsers(b: AccountBuilder): void {
  const acct = b.accountId;
  const { active, departed } = owners(b);
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
}

/** Users holding a path to admin (PassRole + compute, CreateAccessKey, AttachUserPolicy, "*:*"). */
function plantEscalationUsers(b: AccountBuilder): void {
  const { departed } = owners(b);
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
}

/** Retired and group-granted keys, iam:Put*, key rotation, no credentials, a departed engineer with a key. */
function plantOtherUsers(b: AccountBuilder): void {
  const acct = b.accountId;
  const { active, departed } = owners(b);
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
}

/** GitHub OIDC trusts: one repository, the whole org, no sub condition, several repositories. */
function plantGithubRoles(b: AccountBuilder): void {
  const acct = b.accountId;
  const gh = b.github;
  const { active } = owners(b);
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
}

/** Cross-account trusts with and without an external id, and a trust of the own account. */
function plantAccountRoles(b: AccountBuilder, prod: boolean): void {
  const acct = b.accountId;
  const { departed } = owners(b);
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
}

/** Service roles: admin on EC2, Lambda, stale, unused, IAM automation, service-linked. */
function plantServiceRoles(b: AccountBuilder): void {
  const acct = b.accountId;
  const { active } = owners(b);
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
}

/** Human sign-in roles (SAML): not NHIs, served but not labelled. */
function plantSigninRoles(b: AccountBuilder): void {
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
