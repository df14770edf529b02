import type {
  AccessKeyMetadata,
  GroupDetail,
  ManagedPolicyDetail,
  RoleDetail,
  UserDetail,
  Tag,
} from '@aws-sdk/client-iam';
import {
  identityId,
  personId,
  type CredentialInput,
  type EdgeInput,
  type IdentityInput,
  type OwnerClaim,
  type PersonInput,
} from '../../../model/index.js';
import type { CredentialReportRow, ReportKey } from './credential-report.js';
import { decodePolicyDocument, grantsOf, permissionsFromGrants, type Grant, type SourcedGrant } from './policy.js';
import { analyzeTrust, githubTargetFor, parseTrustPolicy } from './trust.js';

/**
 * Pure transforms from IAM's GetAccountAuthorizationDetails items, credential-report rows and ListAccessKeys
 * results to Steward records. No I/O: everything an identity needs is passed in.
 */

export const REPORT_SOURCE = 'credential report';
export const ROLE_LAST_USED_SOURCE = 'RoleLastUsed';
const DAY_MS = 86_400_000;

const iso = (d: Date | string | undefined | null) => (d === undefined || d === null ? null : new Date(d).toISOString());
const maxIso = (values: Array<string | null | undefined>) =>
  values.reduce<string | null>((a, b) => (b && (a === null || b > a) ? b : a), null);

/** Managed policies by ARN: the default version's grants only. */
export interface PolicyIndex {
  get(arn: string): { name: string; grants: Grant[] } | undefined;
}

export function indexPolicies(
  policies: Iterable<ManagedPolicyDetail>,
  onError: (arn: string, error: Error) => void = () => {},
): Map<string, { name: string; grants: Grant[] }> {
  const map = new Map<string, { name: string; grants: Grant[] }>();
  for (const p of policies) addPolicy(map, p, onError);
  return map;
}

/** Adds one managed policy to an index, keeping only its default version's grants (not its documents). */
export function addPolicy(
  map: Map<string, { name: string; grants: Grant[] }>,
  p: ManagedPolicyDetail,
  onError: (arn: string, error: Error) => void = () => {},
): void {
  if (!p.Arn) return;
  const version =
    p.PolicyVersionList?.find((v) => v.IsDefaultVersion) ??
    p.PolicyVersionList?.find((v) => v.VersionId === p.DefaultVersionId);
  let grants: Grant[] = [];
  try {
    grants = version?.Document ? grantsOf(decodePolicyDocument(version.Document)) : [];
  } catch (error) {
    onError(p.Arn, error as Error);
  }
  map.set(p.Arn, { name: p.PolicyName ?? p.Arn, grants });
}

function inlineGrants(
  list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined,
  prefix: string,
  out: SourcedGrant[],
): void {
  for (const p of list ?? []) {
    if (!p.PolicyDocument) continue;
    const name = p.PolicyName ?? '(unnamed)';
    for (const grant of grantsOf(decodePolicyDocument(p.PolicyDocument)))
      out.push({ grant, source: `${prefix}inline:${name}`, policyName: name, policyArn: null });
  }
}

function attachedGrants(
  list: Array<{ PolicyArn?: string; PolicyName?: string }> | undefined,
  policies: PolicyIndex,
  prefix: string,
  out: SourcedGrant[],
): string[] {
  const missing: string[] = [];
  for (const a of list ?? []) {
    if (!a.PolicyArn) continue;
    const p = policies.get(a.PolicyArn);
    if (!p) {
      missing.push(a.PolicyArn);
      continue;
    }
    for (const grant of p.grants)
      out.push({ grant, source: `${prefix}managed:${p.name}`, policyName: p.name, policyArn: a.PolicyArn });
  }
  return missing;
}

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

/** owner/team tags (any case) → owner claims. The owner tag is expected to hold a person's email. */
export function ownerClaimsFromTags(tags: Tag[] | undefined): OwnerClaim[] {
  const claims: OwnerClaim[] = [];
  for (const t of tags ?? []) {
    const key = (t.Key ?? '').toLowerCase();
    const value = (t.Value ?? '').trim();
    if (!value) continue;
    if (key === 'owner') {
      claims.push({
        ref: value.toLowerCase(),
        refType: value.includes('@') ? 'email' : 'login',
        source: 'tag',
        confidence: 0.9,
        evidence: `tag ${t.Key}=${value}`,
      });
    } else if (key === 'team') {
      claims.push({ ref: value, refType: 'team', source: 'tag', confidence: 0.6, evidence: `tag ${t.Key}=${value}` });
    }
  }
  return claims;
}

/** Key last use from the credential report, matched to ListAccessKeys by creation time (slot order as fallback). */
export function matchReportKey(
  key: AccessKeyMetadata,
  index: number,
  all: AccessKeyMetadata[],
  reportKeys: ReportKey[],
): ReportKey | null {
  const created = iso(key.CreateDate);
  const byTime = reportKeys.filter(
    (k) =>
      k.lastRotated !== null && created !== null && Math.abs(Date.parse(k.lastRotated) - Date.parse(created)) < 1000,
  );
  if (byTime.length === 1) return byTime[0];
  if (byTime.length > 1) return null;
  // No timestamp match: only trust slot order when the counts agree.
  if (reportKeys.length === all.length && reportKeys.every((k) => k.lastRotated === null))
    return reportKeys[index] ?? null;
  return null;
}

export interface KeyLastUsed {
  lastUsedDate: string | null;
  service: string | null;
  region: string | null;
  source: string;
}

export function accessKeyCredential(
  tenant: string,
  key: AccessKeyMetadata,
  lastUsed: KeyLastUsed | null,
): CredentialInput {
  return {
    id: identityId('aws', tenant, 'access_key', key.AccessKeyId ?? 'unknown'),
    type: 'access_key',
    name: key.AccessKeyId ?? null,
    createdAt: iso(key.CreateDate),
    expiresAt: null,
    lastUsedAt: lastUsed?.lastUsedDate ?? null,
    lastUsedSource: lastUsed?.source ?? null,
    fingerprint: null,
    enabled: key.Status === 'Active',
    attributes: {
      status: key.Status ?? null,
      lastUsedService: lastUsed?.service ?? null,
      lastUsedRegion: lastUsed?.region ?? null,
      supportsExpiry: false,
    },
  };
}

/** What the user transforms need of a credential-report row (the scan holds only this, per user). */
export type ReportUser = Pick<CredentialReportRow, 'passwordEnabled' | 'passwordLastUsed' | 'mfaActive' | 'keys'>;

/** Groups by name: the scan holds a group's attached-policy references and the grants of its inline policies. */
export interface GroupIndex {
  get(name: string): IndexedGroup | undefined;
}

export interface IndexedGroup {
  attached: Array<{ PolicyArn?: string; PolicyName?: string }>;
  /** Inline policies' grants, sourced `group:<name>/inline:<policy>`. */
  inline: SourcedGrant[];
}

/**
 * Indexes groups once. A group's inline documents are parsed when a user of the group is first transformed (so a
 * broken document fails the users of that group only, as when it was parsed per user), then reused.
 */
export function indexGroups(groups: Iterable<GroupDetail>): GroupIndex {
  const raw = new Map<string, GroupDetail>();
  for (const g of groups) if (g.GroupName) raw.set(g.GroupName, g);
  const done = new Map<string, IndexedGroup>();
  return {
    get(name) {
      let hit = done.get(name);
      if (hit) return hit;
      const g = raw.get(name);
      if (!g) return undefined;
      const inline: SourcedGrant[] = [];
      inlineGrants(g.GroupPolicyList, `group:${name}/`, inline);
      hit = { attached: g.AttachedManagedPolicies ?? [], inline };
      done.set(name, hit);
      raw.delete(name);
      return hit;
    },
  };
}

export interface TransformContext {
  tenant: string;
  accountId: string;
  now: Date;
  staleDays: number;
  policies: PolicyIndex;
  groups: GroupIndex;
}

/** Console password use within staleDays on an NHI is evidence a human uses it. */
function humanUseEvidence(ctx: TransformContext, lastUsed: string | null, what: string): string | null {
  if (!lastUsed) return null;
  return ctx.now.getTime() - Date.parse(lastUsed) <= ctx.staleDays * DAY_MS
    ? `${what} console sign-in at ${lastUsed} (credential report password_last_used)`
    : null;
}

/** IAM users with a console password and no access keys are people, not NHIs. */
export function isHumanUser(row: ReportUser | undefined, keys: AccessKeyMetadata[]): boolean {
  return row?.passwordEnabled === true && keys.length === 0;
}

export function userGrants(user: UserDetail, ctx: TransformContext): { grants: SourcedGrant[]; missing: string[] } {
  const grants: SourcedGrant[] = [];
  const missing = attachedGrants(user.AttachedManagedPolicies, ctx.policies, '', grants);
  inlineGrants(user.UserPolicyList, '', grants);
  for (const g of user.GroupList ?? []) {
    const group = ctx.groups.get(g);
    if (!group) continue;
    missing.push(...attachedGrants(group.attached, ctx.policies, `group:${g}/`, grants));
    for (const x of group.inline) grants.push(x);
  }
  return { grants, missing };
}

export function transformUser(
  user: UserDetail,
  row: ReportUser | undefined,
  credentials: CredentialInput[],
  ctx: TransformContext,
): IdentityInput {
  const { grants, missing } = userGrants(user, ctx);
  const passwordEnabled = row?.passwordEnabled === true;
  const passwordLastUsed = row?.passwordLastUsed ?? null;
  const evidence = passwordEnabled ? humanUseEvidence(ctx, passwordLastUsed, 'IAM user') : null;
  const tags = tagMap(user.Tags);
  return {
    id: identityId('aws', ctx.tenant, 'user', user.UserId ?? user.UserName ?? 'unknown'),
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'service_account',
    nativeType: 'user',
    nativeId: user.UserId ?? user.UserName ?? 'unknown',
    name: user.UserName ?? '',
    createdAt: iso(user.CreateDate),
    lastUsedAt: maxIso([...credentials.map((c) => c.lastUsedAt), passwordLastUsed]),
    lastUsedSource: REPORT_SOURCE,
    enabled: credentials.some((c) => c.enabled !== false) || passwordEnabled,
    interactive: passwordEnabled,
    environment: tags.env ?? tags.Environment ?? tags.environment ?? null,
    attributes: {
      arn: user.Arn,
      path: user.Path,
      accountId: ctx.accountId,
      groups: user.GroupList ?? [],
      tags,
      passwordEnabled,
      passwordLastUsed,
      mfaActive: row?.mfaActive ?? false,
      ...(user.PermissionsBoundary?.PermissionsBoundaryArn
        ? { permissionsBoundary: user.PermissionsBoundary.PermissionsBoundaryArn }
        : {}),
      ...(missing.length ? { unresolvedPolicies: missing } : {}),
      ...(evidence ? { humanUseEvidence: evidence } : {}),
    },
    credentials,
    permissions: permissionsFromGrants(grants),
    ownerClaims: ownerClaimsFromTags(user.Tags),
  };
}

export function transformRoot(row: CredentialReportRow, ctx: TransformContext): IdentityInput {
  const id = identityId('aws', ctx.tenant, 'root', ctx.accountId);
  const credentials: CredentialInput[] = row.keys.map((k) => ({
    id: `${id}:access_key_${k.slot}`,
    type: 'access_key',
    name: `root access key ${k.slot}`,
    createdAt: k.lastRotated,
    lastUsedAt: k.lastUsedDate,
    lastUsedSource: REPORT_SOURCE,
    enabled: k.active,
    attributes: {
      slot: k.slot,
      lastUsedService: k.lastUsedService,
      lastUsedRegion: k.lastUsedRegion,
      supportsExpiry: false,
    },
  }));
  const evidence = humanUseEvidence(ctx, row.passwordLastUsed, 'root user');
  return {
    id,
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'service_account',
    nativeType: 'root',
    nativeId: ctx.accountId,
    name: 'root',
    createdAt: row.userCreationTime,
    lastUsedAt: maxIso([...credentials.map((c) => c.lastUsedAt), row.passwordLastUsed]),
    lastUsedSource: REPORT_SOURCE,
    enabled: true,
    interactive: true,
    attributes: {
      arn: row.arn,
      accountId: ctx.accountId,
      mfaActive: row.mfaActive,
      passwordLastUsed: row.passwordLastUsed,
      ...(evidence ? { humanUseEvidence: evidence } : {}),
    },
    credentials,
    permissions: [
      {
        nativeName: '*',
        resource: '*',
        access: 'admin',
        sensitivity: 'high',
        pathToAdmin: false,
        source: 'root user (implicit)',
        attributes: {},
      },
    ],
    ownerClaims: [],
  };
}

export interface RoleRecords {
  /** null for human sign-in (SAML-only) roles. */
  identity: IdentityInput | null;
  edges: EdgeInput[];
}

export function transformRole(role: RoleDetail, ctx: TransformContext): RoleRecords {
  const statements = role.AssumeRolePolicyDocument ? parseTrustPolicy(role.AssumeRolePolicyDocument) : [];
  const trust = analyzeTrust(statements, ctx.accountId);
  if (trust.samlOnly) return { identity: null, edges: [] };
  const grants: SourcedGrant[] = [];
  const missing = attachedGrants(role.AttachedManagedPolicies, ctx.policies, '', grants);
  inlineGrants(role.RolePolicyList, '', grants);
  const id = identityId('aws', ctx.tenant, 'role', role.RoleId ?? role.RoleName ?? 'unknown');
  const tags = tagMap(role.Tags);
  const identity: IdentityInput = {
    id,
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'workload_identity',
    nativeType: 'role',
    nativeId: role.RoleId ?? role.RoleName ?? 'unknown',
    name: role.RoleName ?? '',
    createdAt: iso(role.CreateDate),
    lastUsedAt: iso(role.RoleLastUsed?.LastUsedDate),
    lastUsedSource: ROLE_LAST_USED_SOURCE,
    enabled: true,
    interactive: false,
    environment: tags.env ?? tags.Environment ?? tags.environment ?? null,
    attributes: {
      arn: role.Arn,
      path: role.Path,
      accountId: ctx.accountId,
      tags,
      lastUsedRegion: role.RoleLastUsed?.Region ?? null,
      instanceProfiles: (role.InstanceProfileList ?? []).map((p) => p.InstanceProfileName),
      serviceLinked: (role.Path ?? '').startsWith('/aws-service-role/'),
      trust: statements,
      trustSummary: {
        principals: trust.principals,
        conditionKeys: trust.conditionKeys,
        services: trust.services,
        externalAccounts: trust.externalAccounts,
        crossAccountWithoutExternalId: trust.crossAccountWithoutExternalId,
        githubOidc: trust.githubOidc,
        githubWithoutSub: trust.githubWithoutSub,
        githubSubjects: trust.githubSubjects,
      },
      ...(role.PermissionsBoundary?.PermissionsBoundaryArn
        ? { permissionsBoundary: role.PermissionsBoundary.PermissionsBoundaryArn }
        : {}),
      ...(missing.length ? { unresolvedPolicies: missing } : {}),
    },
    credentials: [],
    permissions: permissionsFromGrants(grants),
    ownerClaims: ownerClaimsFromTags(role.Tags),
  };
  const edges: EdgeInput[] = trust.githubTargets.map((to) => ({
    from: id,
    to,
    kind: 'trusts_oidc',
    attributes: {
      provider: 'token.actions.githubusercontent.com',
      subjects: trust.githubSubjects.filter((s) => githubTargetFor(s) === to),
    },
  }));
  return { identity, edges };
}

export function transformHumanUser(user: UserDetail, row: ReportUser | undefined, tenant: string): PersonInput {
  const tags = tagMap(user.Tags);
  const emailTag = Object.entries(tags).find(([k]) => k.toLowerCase() === 'email')?.[1];
  const email = emailTag ?? (user.UserName?.includes('@') ? user.UserName : null);
  return {
    id: personId('aws', tenant, user.UserId ?? user.UserName ?? 'unknown'),
    source: 'aws',
    tenant,
    nativeId: user.UserId ?? user.UserName ?? 'unknown',
    email: email ? email.toLowerCase() : null,
    name: null,
    login: user.UserName ?? null,
    status: 'active',
    attributes: {
      arn: user.Arn,
      mfaActive: row?.mfaActive ?? false,
      passwordLastUsed: row?.passwordLastUsed ?? null,
      groups: user.GroupList ?? [],
    },
  };
}
