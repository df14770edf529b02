import type { OrgPerson } from '../../../emulation/estate/org.js';
import { type AccountBuilder, customerArn, VENDOR_ACCOUNT } from './builder.js';
import { AWS_POLICY, BENIGN_INLINE, RISKY_INLINE } from './policies.js';
import type { AwsAccessKey, AwsInlinePolicy, AwsUser, PolicyDocument } from './types.js';

/**
 * The random part of an account: service users and roles with long-tailed ages, keys, policies and trusts, and
 * human IAM users for a share of the org's people. Every draw comes from the estate's rng in a fixed order.
 */
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

export function randomServiceUser(b: AccountBuilder, i: number): void {
  const rng = b.rng;
  const age = rng.ageDays(2800) + 5;
  const keys = randomKeys(b, age);
  const attached = randomUserAttachment(b);
  const inline = randomInline(b, 0.35, 0.06);
  const password = randomPassword(b, age);
  const user = b.user({
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
  // A few service users also hold a CodeCommit password or a Bedrock API key (with or without an expiry).
  if (i % 25 === 7) {
    const bedrock = rng.chance(0.5);
    user.serviceCredentials.push(
      b.serviceCredential(
        user.userName,
        bedrock ? 'bedrock.amazonaws.com' : 'codecommit.amazonaws.com',
        Math.max(1, Math.min(age - 1, rng.ageDays(900))),
        { lifetimeDays: bedrock && rng.chance(0.5) ? rng.int(1, 365) : null },
      ),
    );
  }
}

function randomKeys(b: AccountBuilder, age: number): AwsAccessKey[] {
  const rng = b.rng;
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
  return keys;
}

function randomUserAttachment(b: AccountBuilder): string[] {
  const rng = b.rng;
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
  return attached;
}

/** Sometimes (`chance`) one inline policy, rarely (`risky`) a risky one. */
function randomInline(b: AccountBuilder, chance: number, risky: number): AwsInlinePolicy[] {
  const rng = b.rng;
  const inline: AwsInlinePolicy[] = [];
  if (rng.chance(chance)) inline.push(rng.chance(risky) ? rng.pick(RISKY_INLINE) : rng.pick(BENIGN_INLINE));
  return inline;
}

function randomPassword(b: AccountBuilder, age: number): AwsUser['password'] {
  const rng = b.rng;
  return rng.chance(0.04)
    ? {
        createDate: b.ago(age - 1),
        lastChanged: b.ago(rng.int(1, age)),
        lastUsed: rng.chance(0.5) ? b.ago(rng.int(1, Math.min(age, 400))) : null,
      }
    : null;
}

type TrustKind = 'service' | 'account' | 'vendor' | 'github' | 'github-org' | 'github-nosub' | 'saml';

export function randomRole(b: AccountBuilder, i: number): void {
  const rng = b.rng;
  const age = rng.ageDays(2800) + 2;
  const kind: TrustKind = rng.weighted([
    ['service', 58],
    ['account', 10],
    ['vendor', 8],
    ['github', 14],
    ['github-org', 2],
    ['github-nosub', 1],
    ['saml', 7],
  ] as const);
  const word = rng.pick(ROLE_WORDS);
  const { trust, name, instanceProfile } = randomTrust(b, kind, word, i);
  const attached = randomRoleAttachment(b);
  const inline = randomInline(b, 0.4, 0.04);
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

function randomTrust(
  b: AccountBuilder,
  kind: TrustKind,
  word: string,
  i: number,
): { trust: PolicyDocument; name: string; instanceProfile: string | null } {
  const rng = b.rng;
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
  return { trust, name, instanceProfile };
}

function randomRoleAttachment(b: AccountBuilder): string[] {
  const rng = b.rng;
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
  return attached;
}

export function humanUsers(b: AccountBuilder, people: OrgPerson[], share: number): void {
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
