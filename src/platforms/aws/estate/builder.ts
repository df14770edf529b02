import type { OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import type { GithubRefs } from './github-refs.js';
import type {
  AwsAccessKey,
  AwsServiceCredential,
  AwsSshKey,
  AwsSigningCertificate,
  AwsGroup,
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
/** Builds one account's users and roles: ids, dates, keys, owner tags and trust policies, from the estate's rng. */
export class AccountBuilder {
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

  /** An SSH public key uploaded `ageDays` ago (ids: APKA + 16, as IAM shows them). */
  sshKey(ageDays: number, status: 'Active' | 'Inactive' = 'Active'): AwsSshKey {
    return { sshPublicKeyId: this.id('APKA', 16), status, uploadDate: this.ago(ageDays + this.rng.next()) };
  }

  /** A signing certificate uploaded `ageDays` ago (ids: 28 upper-case letters and digits; IAM's are 24–128). */
  signingCertificate(ageDays: number, status: 'Active' | 'Inactive' = 'Active'): AwsSigningCertificate {
    return { certificateId: this.id('', 28), status, uploadDate: this.ago(ageDays + this.rng.next()) };
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

  /**
   * A service-specific credential. CodeCommit/Keyspaces: a generated service user name `<user>-at-<account>`;
   * Bedrock/CloudWatch Logs API keys: an alias `<user>+<suffix>` and, when `expiresInDays` is set, an expiry.
   */
  serviceCredential(
    userName: string,
    serviceName: string,
    ageDays: number,
    opts: { status?: 'Active' | 'Inactive' | 'Expired'; lifetimeDays?: number | null } = {},
  ): AwsServiceCredential {
    const created = ageDays + this.rng.next();
    const apiKey = serviceName === 'bedrock.amazonaws.com' || serviceName === 'logs.amazonaws.com';
    return {
      serviceSpecificCredentialId: this.id('ACCA', 17),
      serviceName,
      serviceUserName: apiKey ? null : `${userName}-at-${this.accountId}`,
      serviceCredentialAlias: apiKey ? `${userName}+${this.rng.token(10, ID_ALPHABET.toLowerCase())}` : null,
      status: opts.status ?? 'Active',
      createDate: this.ago(created),
      expirationDate:
        apiKey && opts.lifetimeDays !== undefined && opts.lifetimeDays !== null
          ? this.ago(created - opts.lifetimeDays)
          : null,
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
      serviceCredentials: spec.serviceCredentials ?? [],
      sshPublicKeys: spec.sshPublicKeys ?? [],
      signingCertificates: spec.signingCertificates ?? [],
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

export function customerArn(accountId: string, name: string) {
  return `arn:aws:iam::${accountId}:policy/${name}`;
}
