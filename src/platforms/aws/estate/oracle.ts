import { DAY_MS } from '../../../lib/clock.js';
import { identityId } from '../../../model/index.js';
import type { CredentialLabel, IdentityLabel } from '../../../emulation/estate/labels.js';
import { DEFAULT_THRESHOLDS } from '../../../analysis/risk/catalogue.js';
import { genericRisks, type IdentityFacts } from '../../../emulation/estate/generic-oracle.js';
import { hasUnusedServices } from './service-access.js';
import {
  ADMIN_ACTIONS,
  API_KEY_SERVICES,
  ESCALATION_ACTIONS,
  GITHUB_OIDC_HOST as GITHUB_OIDC,
  GITHUB_REPOSITORY_CLAIMS,
  PASSROLE_COMPUTE_ACTIONS,
} from './catalogue.js';
import type {
  AwsAccessKey,
  AwsOidcProvider,
  AwsSamlProvider,
  AwsServiceCredential,
  AwsSshKey,
  AwsSigningCertificate,
  AwsAccount,
  AwsEstateData,
  AwsInlinePolicy,
  AwsManagedPolicy,
  AwsRole,
  AwsTag,
  AwsUser,
  PolicyDocument,
  PolicyStatement,
} from './types.js';

/**
 * The label oracle: computes each NHI's expected Steward record and its risks from the raw estate data, by the
 * exact definitions in risk-catalogue.ts. Written independently of the connector (same documented semantics,
 * separate code) so a test comparing the two checks something.
 */

export interface AwsCredentialLabel extends CredentialLabel {
  status: 'Active' | 'Inactive' | 'Expired';
  lastUsedService: string | null;
  lastUsedRegion: string | null;
  /** Service-specific credentials: the service; access keys: null. */
  serviceName: string | null;
  /** The vendor lets it expire (Bedrock and CloudWatch Logs API keys). */
  supportsExpiry: boolean;
}

export interface AwsIdentityLabel extends IdentityLabel {
  credentials: AwsCredentialLabel[];
  aws: {
    nativeType: 'user' | 'role' | 'root' | 'oidc_provider' | 'saml_provider';
    arn: string;
    interactive: boolean;
    humanUse: boolean;
    /** Roles: trust principals as "Type:value" (e.g. "Service:lambda.amazonaws.com"), sorted unique. */
    trustPrincipals: string[];
    /** Roles: condition keys in the trust policy (e.g. "sts:ExternalId"), sorted unique. */
    trustConditionKeys: string[];
  };
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statements = (d: PolicyDocument): PolicyStatement[] => list(d.Statement);

const globCache = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    globCache.set(pattern, re);
  }
  return re;
}

interface Grant {
  name: string;
  actions: string[];
  not: boolean;
  resources: string[];
}

function grantsOf(d: PolicyDocument): Grant[] {
  const out: Grant[] = [];
  for (const s of statements(d)) {
    if (s.Effect !== 'Allow') continue;
    const resources = list(s.Resource);
    if (s.NotAction !== undefined) {
      const actions = [...list(s.NotAction)].sort();
      out.push({ name: `NotAction:${actions.join(',')}`, actions, not: true, resources });
    }
    for (const a of list(s.Action)) out.push({ name: a, actions: [a], not: false, resources });
  }
  return out;
}

const covers = (g: Grant, action: string) =>
  g.not ? !g.actions.some((p) => glob(p).test(action)) : glob(g.actions[0]).test(action);
const wild = (g: Grant) => g.resources.some((r) => r.includes('*'));
const isAdmin = (g: Grant) => !g.not && ADMIN_ACTIONS.includes(g.name) && g.resources.includes('*');

interface GrantFacts {
  admin: boolean;
  /** Covers a direct escalation action on a wildcard resource. */
  direct: boolean;
  /** Covers iam:PassRole on a wildcard resource. */
  passRole: boolean;
  /** Covers an action that creates compute which can run with a passed role. */
  compute: boolean;
}
const factsCache = new WeakMap<Grant, GrantFacts>();
function facts(g: Grant): GrantFacts {
  let f = factsCache.get(g);
  if (!f) {
    const admin = isAdmin(g);
    const w = !admin && wild(g);
    f = {
      admin,
      direct: w && ESCALATION_ACTIONS.some((a) => covers(g, a)),
      passRole: w && covers(g, 'iam:PassRole'),
      compute: PASSROLE_COMPUTE_ACTIONS.some((a) => covers(g, a)),
    };
    factsCache.set(g, f);
  }
  return f;
}

/** Native names, admin and escalation flags over every grant an identity holds. */
function evaluate(grants: Grant[]) {
  const names = [...new Set(grants.map((g) => g.name))].sort();
  const all = grants.map(facts);
  const admin = all.some((f) => f.admin);
  const compute = all.some((f) => f.compute);
  const escalation = all.some((f) => f.direct || (compute && f.passRole));
  return { names, admin, escalation };
}

function tagValue(tags: AwsTag[], key: string): string | null {
  const t = tags.find((x) => x.Key.toLowerCase() === key);
  return t ? t.Value : null;
}

function ownerOf(tags: AwsTag[]): IdentityLabel['owner'] {
  const email = tagValue(tags, 'owner');
  const team = tagValue(tags, 'team');
  if (!email && !team) return null;
  return { email: email ? email.toLowerCase() : null, team, source: 'tag' };
}

const iso = (s: string | null) => (s === null ? null : new Date(s).toISOString());
const maxIso = (values: Array<string | null>) =>
  values.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);

export interface OracleContext {
  now: Date;
  departedEmails: Set<string>;
  accountIds: Set<string>;
}

export class AwsLabelOracle {
  private policyGrants = new Map<string, Grant[]>();
  private inlineGrants = new WeakMap<AwsInlinePolicy, Grant[]>();

  /** SSH keys and signing certificates are seen only when the tenants are scanned with `userKeyLists`. */
  private readonly userKeyLists: boolean;
  /** aws-unused-services is found only when the tenants are scanned with `serviceLastAccessed`. */
  private readonly serviceLastAccessed: boolean;

  constructor(
    private readonly data: AwsEstateData,
    private ctx: OracleContext,
  ) {
    this.userKeyLists = data.userKeyLists;
    this.serviceLastAccessed = data.serviceLastAccessed;
    for (const p of data.awsManagedPolicies) this.addPolicy(p);
    for (const a of data.accounts) for (const p of a.policies) this.addPolicy(p);
  }

  private addPolicy(p: AwsManagedPolicy) {
    const v = p.versions.find((x) => x.isDefault);
    this.policyGrants.set(p.arn, v ? grantsOf(v.document) : []);
  }
  private inline(p: AwsInlinePolicy): Grant[] {
    let g = this.inlineGrants.get(p);
    if (!g) {
      g = grantsOf(p.document);
      this.inlineGrants.set(p, g);
    }
    return g;
  }
  private evaluations = new Map<string, ReturnType<typeof evaluate>>();
  /** Policy combinations repeat across thousands of identities: evaluate each combination once. */
  private evaluateCached(key: string, grants: () => Grant[]) {
    let e = this.evaluations.get(key);
    if (!e) {
      e = evaluate(grants());
      this.evaluations.set(key, e);
    }
    return e;
  }
  private grants(attached: string[], inline: AwsInlinePolicy[], into: Grant[] = []): Grant[] {
    for (const arn of attached) for (const g of this.policyGrants.get(arn) ?? []) into.push(g);
    for (const p of inline) for (const g of this.inline(p)) into.push(g);
    return into;
  }

  private unusedServices(account: AwsAccount, p: AwsUser | AwsRole): boolean {
    return this.serviceLastAccessed && hasUnusedServices(this.data, account, p, DEFAULT_THRESHOLDS.staleDays);
  }

  private recent(date: string | null) {
    return date !== null && this.ctx.now.getTime() - Date.parse(date) <= DEFAULT_THRESHOLDS.staleDays * DAY_MS;
  }

  private keyLabels(keys: AwsAccessKey[], idFor: (k: AwsAccessKey, i: number) => string): AwsCredentialLabel[] {
    return keys.map((k, i) => ({
      id: idFor(k, i),
      type: 'access_key',
      createdAt: iso(k.createDate),
      expiresAt: null,
      lastUsedAt: iso(k.lastUsedDate),
      enabled: k.status === 'Active',
      status: k.status,
      lastUsedService: k.lastUsedDate ? k.lastUsedService : null,
      lastUsedRegion: k.lastUsedDate ? k.lastUsedRegion : null,
      serviceName: null,
      supportsExpiry: false,
    }));
  }

  /** SSH public keys: never expire, IAM reports no last use. */
  private sshKeyLabels(tenant: string, keys: AwsSshKey[]): AwsCredentialLabel[] {
    return keys.map((k) => ({
      id: identityId('aws', tenant, 'ssh_key', k.sshPublicKeyId),
      type: 'ssh_key',
      createdAt: iso(k.uploadDate),
      expiresAt: null,
      lastUsedAt: null,
      enabled: k.status === 'Active',
      status: k.status,
      lastUsedService: null,
      lastUsedRegion: null,
      serviceName: null,
      supportsExpiry: false,
    }));
  }

  /** Signing certificates: the connector does not read their validity, IAM reports no last use. */
  private certificateLabels(tenant: string, certs: AwsSigningCertificate[]): AwsCredentialLabel[] {
    return certs.map((c) => ({
      id: identityId('aws', tenant, 'signing_certificate', c.certificateId),
      type: 'certificate',
      createdAt: iso(c.uploadDate),
      expiresAt: null,
      lastUsedAt: null,
      enabled: c.status === 'Active',
      status: c.status,
      lastUsedService: null,
      lastUsedRegion: null,
      serviceName: null,
      supportsExpiry: false,
    }));
  }

  private serviceCredentialLabels(tenant: string, list: AwsServiceCredential[]): AwsCredentialLabel[] {
    return list.map((c) => {
      const apiKey = API_KEY_SERVICES.includes(c.serviceName);
      return {
        id: identityId('aws', tenant, 'service_credential', c.serviceSpecificCredentialId),
        type: apiKey ? 'token' : 'password',
        createdAt: iso(c.createDate),
        expiresAt: iso(c.expirationDate),
        lastUsedAt: null,
        enabled: c.status === 'Active',
        status: c.status,
        lastUsedService: null,
        lastUsedRegion: null,
        serviceName: c.serviceName,
        supportsExpiry: apiKey,
      };
    });
  }

  /**
   * aws-service-credential-no-expiry: an active service-specific credential that is an API key without an expiry,
   * or that is older than rotationDays.
   */
  private serviceCredentialRisk(credentials: AwsCredentialLabel[]): boolean {
    return credentials.some(
      (c) =>
        c.serviceName !== null &&
        c.enabled &&
        ((c.supportsExpiry && c.expiresAt === null) ||
          (c.createdAt !== null &&
            this.ctx.now.getTime() - Date.parse(c.createdAt) > DEFAULT_THRESHOLDS.rotationDays * DAY_MS)),
    );
  }

  /** The generic risks (the shared generic oracle) plus nhi-used-by-human and aws-privilege-escalation. */
  private commonRisks(
    l: Omit<AwsIdentityLabel, 'risks'>,
    evaluated: { admin: boolean; escalation: boolean },
  ): string[] {
    const r = genericRisks(this.identityFacts(l, evaluated), this.ctx.now.toISOString());
    if (l.aws.humanUse) r.push('nhi-used-by-human');
    if (evaluated.escalation) r.push('aws-privilege-escalation');
    return r;
  }

  private identityFacts(
    l: Omit<AwsIdentityLabel, 'risks'>,
    evaluated: { admin: boolean; escalation: boolean },
  ): IdentityFacts {
    const email = l.owner?.email ?? null;
    return {
      id: l.id,
      tenant: l.tenant,
      kind: l.kind,
      name: l.name,
      createdAt: l.createdAt,
      lastUsedAt: l.lastUsedAt,
      // Users and root: the credential report; roles: RoleLastUsed.
      usageTracked: true,
      enabled: l.enabled,
      thirdParty: false,
      publisherVerified: null,
      interactive: l.aws.interactive,
      credentials: l.credentials.map((c) => ({ ...c, fingerprint: null })),
      // The oracle evaluates an identity's grants as a whole (PassRole escalates only with compute), so one
      // summary permission stands for "admin or a path to admin", all the generic oracle reads of permissions.
      permissions:
        evaluated.admin || evaluated.escalation
          ? [
              {
                nativeName: evaluated.admin ? '*' : 'escalation',
                access: evaluated.admin ? 'admin' : 'write',
                sensitivity: 'high',
                pathToAdmin: evaluated.escalation,
              },
            ]
          : [],
      owner: l.owner
        ? { email: email ?? '', source: 'tag', departed: email !== null && this.ctx.departedEmails.has(email) }
        : null,
      platformRisks: [],
    };
  }

  /** IAM users that are NHIs: any user except console-password users without access keys (those are people). */
  static isHumanUser(u: AwsUser): boolean {
    return u.password !== null && u.accessKeys.length === 0;
  }

  userLabel(account: AwsAccount, u: AwsUser): AwsIdentityLabel {
    const tenant = account.accountId;
    const key = `${account.accountId}|${u.attachedPolicyArns.join(',')}|${u.inlinePolicies.map((p) => p.name).join(',')}|${u.groups.join(',')}`;
    const ev = this.evaluateCached(key, () => {
      const grants = this.grants(u.attachedPolicyArns, u.inlinePolicies);
      for (const gName of u.groups) {
        const g = account.groups.find((x) => x.groupName === gName);
        if (g) this.grants(g.attachedPolicyArns, g.inlinePolicies, grants);
      }
      return grants;
    });
    const credentials = [
      ...this.keyLabels(u.accessKeys, (k) => identityId('aws', tenant, 'access_key', k.accessKeyId)),
      ...this.serviceCredentialLabels(tenant, u.serviceCredentials),
      ...(this.userKeyLists ? this.sshKeyLabels(tenant, u.sshPublicKeys) : []),
      ...(this.userKeyLists ? this.certificateLabels(tenant, u.signingCertificates) : []),
    ];
    const enabled =
      u.accessKeys.some((k) => k.status === 'Active') ||
      u.serviceCredentials.some((c) => c.status === 'Active') ||
      (this.userKeyLists && u.sshPublicKeys.some((k) => k.status === 'Active')) ||
      (this.userKeyLists && u.signingCertificates.some((c) => c.status === 'Active')) ||
      u.password !== null;
    const lastUsedAt = iso(maxIso([...u.accessKeys.map((k) => k.lastUsedDate), u.password?.lastUsed ?? null]));
    const base: Omit<AwsIdentityLabel, 'risks'> = {
      id: identityId('aws', tenant, 'user', u.userId),
      platform: 'aws',
      tenant,
      kind: 'service_account',
      name: u.userName,
      createdAt: iso(u.createDate),
      lastUsedAt,
      enabled,
      thirdParty: false,
      credentials,
      permissions: ev.names,
      owner: ownerOf(u.tags),
      aws: {
        nativeType: 'user',
        arn: `arn:aws:iam::${tenant}:user${u.path}${u.userName}`,
        interactive: u.password !== null,
        humanUse: u.password !== null && this.recent(u.password.lastUsed),
        trustPrincipals: [],
        trustConditionKeys: [],
      },
    };
    const risks = this.commonRisks(base, ev);
    if (unusedPermissions(account, base.aws.arn)) risks.push('aws-unused-permissions');
    if (this.unusedServices(account, u)) risks.push('aws-unused-services');
    if (credentials.some((c) => c.enabled && c.type === 'access_key') && ev.admin)
      risks.push('aws-admin-user-access-key');
    if (this.serviceCredentialRisk(credentials)) risks.push('aws-service-credential-no-expiry');
    return { ...base, risks: risks.sort() };
  }

  rootLabel(account: AwsAccount): AwsIdentityLabel | null {
    const root = account.root;
    if (root.accessKeys.length === 0) return null;
    const tenant = account.accountId;
    const id = identityId('aws', tenant, 'root', tenant);
    // Root keys have no listable id: the credential report's slot (1 = older key) names them.
    const slots = [...root.accessKeys].sort((a, b) => (a.createDate < b.createDate ? -1 : 1));
    const credentials = this.keyLabels(slots, (_k, i) => `${id}:access_key_${i + 1}`);
    const base: Omit<AwsIdentityLabel, 'risks'> = {
      id,
      platform: 'aws',
      tenant,
      kind: 'service_account',
      name: 'root',
      createdAt: iso(root.createDate),
      lastUsedAt: iso(maxIso([...root.accessKeys.map((k) => k.lastUsedDate), root.passwordLastUsed])),
      enabled: true,
      thirdParty: false,
      credentials,
      permissions: ['*'],
      owner: null,
      aws: {
        nativeType: 'root',
        arn: `arn:aws:iam::${tenant}:root`,
        interactive: true,
        humanUse: this.recent(root.passwordLastUsed),
        trustPrincipals: [],
        trustConditionKeys: [],
      },
    };
    const risks = this.commonRisks(base, { admin: true, escalation: false });
    if (credentials.some((c) => c.enabled)) risks.push('aws-root-access-key');
    return { ...base, risks: risks.sort() };
  }

  /** An OIDC provider: an identity with no credentials or grants, owned through its owner/team tags. */
  oidcProviderLabel(account: AwsAccount, p: AwsOidcProvider): AwsIdentityLabel {
    return this.providerLabel(account, 'oidc_provider', p.url, p.url, p.createDate, p.tags);
  }

  /** A SAML provider: ListSAMLProviders carries no tags, so it has no owner. */
  samlProviderLabel(account: AwsAccount, p: AwsSamlProvider): AwsIdentityLabel {
    return this.providerLabel(account, 'saml_provider', p.name, p.name, p.createDate, []);
  }

  private providerLabel(
    account: AwsAccount,
    nativeType: 'oidc_provider' | 'saml_provider',
    nativeId: string,
    name: string,
    createDate: string,
    tags: AwsTag[],
  ): AwsIdentityLabel {
    const tenant = account.accountId;
    const base: Omit<AwsIdentityLabel, 'risks'> = {
      id: identityId('aws', tenant, nativeType, nativeId),
      platform: 'aws',
      tenant,
      kind: 'workload_identity',
      name,
      createdAt: iso(createDate),
      lastUsedAt: null,
      enabled: true,
      thirdParty: false,
      credentials: [],
      permissions: [],
      owner: ownerOf(tags),
      aws: {
        nativeType,
        arn: `arn:aws:iam::${tenant}:${nativeType === 'oidc_provider' ? 'oidc' : 'saml'}-provider/${nativeId}`,
        interactive: false,
        humanUse: false,
        trustPrincipals: [],
        trustConditionKeys: [],
      },
    };
    // IAM keeps no last use of a provider: only ownership applies.
    const facts = { ...this.identityFacts(base, { admin: false, escalation: false }), usageTracked: false };
    return { ...base, risks: genericRisks(facts, this.ctx.now.toISOString()).sort() };
  }

  /** Roles whose every Allow statement trusts only SAML providers are human sign-in paths, not NHIs. */
  static isHumanRole(r: AwsRole): boolean {
    const allows = statements(r.trustPolicy).filter((s) => s.Effect === 'Allow');
    return (
      allows.length > 0 &&
      allows.every((s) => {
        if (!s.Principal || s.Principal === '*') return false;
        const entries = Object.entries(s.Principal);
        return (
          entries.length > 0 &&
          entries.every(([type, v]) => type === 'Federated' && list(v).every((x) => x.includes(':saml-provider/')))
        );
      })
    );
  }

  roleLabel(account: AwsAccount, r: AwsRole): AwsIdentityLabel {
    const tenant = account.accountId;
    const key = `${account.accountId}|${r.attachedPolicyArns.join(',')}|${r.inlinePolicies.map((p) => p.name).join(',')}|`;
    const ev = this.evaluateCached(key, () => this.grants(r.attachedPolicyArns, r.inlinePolicies));
    const principals = new Set<string>();
    const conditionKeys = new Set<string>();
    let githubOpen = false;
    let crossAccountNoExternalId = false;
    for (const s of statements(r.trustPolicy)) {
      if (s.Effect !== 'Allow') continue;
      const keys = Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c));
      for (const k of keys) conditionKeys.add(k);
      const hasExternalId = keys.some((k) => k.toLowerCase() === 'sts:externalid');
      const entries: Array<[string, string[]]> =
        s.Principal === '*' ? [['*', ['*']]] : Object.entries(s.Principal ?? {}).map(([t, v]) => [t, list(v)]);
      for (const [type, values] of entries) {
        for (const v of values) {
          principals.add(`${type}:${v}`);
          if (type === 'Federated' && v.endsWith(`:oidc-provider/${GITHUB_OIDC}`) && githubOpenStatement(s))
            githubOpen = true;
          if (type === 'AWS') {
            const acct = /^\d{12}$/.test(v) ? v : /^arn:aws:iam::(\d{12}):/.exec(v)?.[1];
            if (acct && acct !== tenant && !hasExternalId) crossAccountNoExternalId = true;
          }
        }
      }
    }
    const lastUsedAt = iso(r.lastUsed?.date ?? null);
    const base: Omit<AwsIdentityLabel, 'risks'> = {
      id: identityId('aws', tenant, 'role', r.roleId),
      platform: 'aws',
      tenant,
      kind: 'workload_identity',
      name: r.roleName,
      createdAt: iso(r.createDate),
      lastUsedAt,
      enabled: true,
      thirdParty: false,
      credentials: [],
      permissions: ev.names,
      owner: ownerOf(r.tags),
      aws: {
        nativeType: 'role',
        arn: `arn:aws:iam::${tenant}:role${r.path}${r.roleName}`,
        interactive: false,
        humanUse: false,
        trustPrincipals: [...principals].sort(),
        trustConditionKeys: [...conditionKeys].sort(),
      },
    };
    const risks = this.commonRisks(base, ev);
    if (unusedPermissions(account, base.aws.arn)) risks.push('aws-unused-permissions');
    if (this.unusedServices(account, r)) risks.push('aws-unused-services');
    if (githubOpen) risks.push('aws-oidc-trust-without-sub');
    if (crossAccountNoExternalId) risks.push('aws-cross-account-no-external-id');
    return { ...base, risks: risks.sort() };
  }
}

/**
 * Edges for a role trusting GitHub Actions OIDC: one per distinct target of its `sub` patterns.
 * `repo:<org>/<repo>:…` → `github:<org>:repository:<org>/<repo>`; a wildcard repo (`repo:<org>/*`) →
 * `github:<org>:organization:<org>`. A trust without a sub condition names no org, so it has no edge (it is the
 * aws-oidc-trust-without-sub risk instead).
 */
export function githubOidcTargets(r: AwsRole): string[] {
  const targets = new Set<string>();
  for (const s of statements(r.trustPolicy)) {
    if (s.Effect !== 'Allow' || !s.Principal || s.Principal === '*') continue;
    const federated = list(s.Principal.Federated);
    if (!federated.some((f) => f.endsWith(`:oidc-provider/${GITHUB_OIDC}`))) continue;
    for (const cond of Object.values(s.Condition ?? {})) {
      for (const [key, values] of Object.entries(cond)) {
        if (key.toLowerCase() !== `${GITHUB_OIDC}:sub`) continue;
        for (const v of list(values)) {
          const m = /^repo:([^/:]+)\/([^:]+)(?::.*)?$/.exec(v);
          if (!m || m[1].includes('*') || m[1].includes('?')) continue;
          const [, org, repo] = m;
          targets.add(
            /[*?]/.test(repo) ? `github:${org}:organization:${org}` : `github:${org}:repository:${org}/${repo}`,
          );
        }
      }
    }
  }
  return [...targets].sort();
}

/**
 * Whether a statement trusting GitHub Actions lets workflows of any repository in: no condition on `sub` or on a
 * repository claim (GITHUB_REPOSITORY_CLAIMS) names an owner. StringEquals names one; StringLike names one when no
 * value's owner segment holds a wildcard; other operators (negations) name none.
 */
function githubOpenStatement(s: PolicyStatement): boolean {
  for (const [operator, entries] of Object.entries(s.Condition ?? {})) {
    const op = operator
      .replace(/^For(Any|All)Values:/i, '')
      .replace(/IfExists$/i, '')
      .toLowerCase();
    if (op !== 'stringequals' && op !== 'stringequalsignorecase' && op !== 'stringlike') continue;
    for (const [key, raw] of Object.entries(entries)) {
      const k = key.toLowerCase();
      if (!k.startsWith(`${GITHUB_OIDC}:`)) continue;
      const claim = k.slice(GITHUB_OIDC.length + 1);
      if (claim !== 'sub' && !GITHUB_REPOSITORY_CLAIMS.includes(claim)) continue;
      const values = list(raw);
      if (values.length === 0) continue;
      if (op !== 'stringlike') return false;
      const namesOwner = (v: string) => {
        const owner =
          claim === 'sub'
            ? v.startsWith('repo:')
              ? v.slice(5).split(/[/:]/)[0]
              : null
            : claim === 'repository' || claim === 'job_workflow_ref'
              ? v.split('/')[0]
              : v;
        return owner !== null && owner.length > 0 && !owner.includes('*') && !owner.includes('?');
      };
      if (values.every(namesOwner)) return false;
    }
  }
  return true;
}

/** `trusts_provider` edges: a role to every IAM identity provider (OIDC or SAML) an Allow statement federates to. */
export function providerTargets(tenant: string, r: AwsRole): string[] {
  const targets = new Set<string>();
  for (const s of statements(r.trustPolicy)) {
    if (s.Effect !== 'Allow' || !s.Principal || s.Principal === '*') continue;
    for (const f of list(s.Principal.Federated)) {
      const m = /^arn:aws:iam::\d{12}:(oidc|saml)-provider\/(.+)$/.exec(f);
      if (m) targets.add(identityId('aws', tenant, `${m[1]}_provider`, m[2]));
    }
  }
  return [...targets].sort();
}

/**
 * aws-unused-permissions: the account's unused-access analyzer is ACTIVE and holds an ACTIVE UnusedIAMRole or
 * UnusedPermission finding on the principal's ARN (an unused access key or password alone is not it).
 */
function unusedPermissions(account: AwsAccount, arn: string): boolean {
  let arns = unusedPermissionArns.get(account);
  if (!arns) {
    const analyzer = account.unusedAccessAnalyzer;
    const findings = analyzer?.status === 'ACTIVE' ? analyzer.findings : [];
    arns = new Set(
      findings
        .filter(
          (f) => f.status === 'ACTIVE' && (f.findingType === 'UnusedIAMRole' || f.findingType === 'UnusedPermission'),
        )
        .map((f) => f.resource),
    );
    unusedPermissionArns.set(account, arns);
  }
  return arns.has(arn);
}
/** Per account, once: the ARNs aws-unused-permissions holds for (a scan per principal would be quadratic). */
const unusedPermissionArns = new WeakMap<AwsAccount, Set<string>>();
