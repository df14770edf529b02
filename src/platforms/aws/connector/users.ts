import type { AccessKeyMetadata, UserDetail } from '@aws-sdk/client-iam';
import {
  identityId,
  personId,
  type CredentialInput,
  type IdentityInput,
  type PersonInput,
  type StaleField,
} from '../../../model/index.js';
import { humanUseEvidence, iso, maxIso, REPORT_SOURCE, type TransformContext } from './context.js';
import type { ReportUser } from './credential-report.js';
import { attachedGrants, type CollectedGrants, noGrants } from './managed-policies.js';
import { inlineGrants, permissionsFromGrants } from './policy.js';
import { environmentOf, ownerClaimsFromTags, tagMap } from './tags.js';
import { guardPayload, idOf } from '../../../lib/payload.js';
import { ACCESS_KEYS, CREDENTIAL_REPORT, GAAD, REPORT_FIELDS } from './sources.js';

/**
 * IAM users (GetAccountAuthorizationDetails `UserDetailList`) with what the credential report says of their login
 * profile (console password, last sign-in) and MFA, and their access keys (access-keys.ts). Pure transforms.
 */

/**
 * IAM users with a console password and no access keys are people, not NHIs. `keys` null = they could not be
 * listed: the report's key slots decide (keys are listed only for users the report shows with one).
 */
export function isHumanUser(row: ReportUser | undefined, keys: AccessKeyMetadata[] | null): boolean {
  return row?.passwordEnabled === true && (keys ?? row.keys).length === 0;
}

/** The first element GetAccountAuthorizationDetails always sends for a user that this one lacks, if any. */
export function missingUserElement(user: UserDetail): string | null {
  for (const name of ['UserName', 'UserId', 'Arn'] as const)
    if (typeof user[name] !== 'string' || user[name] === '') return name;
  return null;
}

/**
 * Every grant a user holds: attached and inline policies, and its groups' attached and inline policies. A group the
 * account listing did not deliver readable makes the set incomplete.
 */
export function userGrants(user: UserDetail, ctx: TransformContext): CollectedGrants {
  const out = noGrants();
  attachedGrants(user.AttachedManagedPolicies, ctx.policies, '', out);
  inlineGrants(user.UserPolicyList, '', out.grants);
  for (const g of user.GroupList ?? []) {
    const group = ctx.groups.get(g);
    if (!group) {
      out.incomplete = true;
      continue;
    }
    attachedGrants(group.attached, ctx.policies, `group:${g}/`, out);
    for (const x of group.inline) out.grants.push(x);
  }
  return out;
}

const userNativeId = (user: UserDetail) => user.UserId ?? user.UserName ?? 'unknown';

/**
 * What this run could not read for a user: without its report row (report unreadable, or the user is newer than the
 * report) the console-password fields and the password part of last use; without its keys (`credentials` null) the
 * credentials; with a policy or group it refers to unreadable, its permissions.
 */
function staleOf(
  row: ReportUser | undefined,
  credentials: CredentialInput[] | null,
  grants: CollectedGrants,
): StaleField[] {
  const stale: StaleField[] = row ? [] : REPORT_FIELDS.map((field) => ({ field, source: CREDENTIAL_REPORT }));
  if (credentials === null) stale.push({ field: 'credentials', source: ACCESS_KEYS });
  if (grants.incomplete) stale.push({ field: 'permissions', source: GAAD });
  return stale;
}

/** Last use of the user's keys (as listed, or the report's key slots when they could not be) and of its password. */
function lastUseOf(row: ReportUser | undefined, credentials: CredentialInput[] | null): string | null {
  const keys = credentials?.map((c) => c.lastUsedAt) ?? row?.keys.map((k) => k.lastUsedDate) ?? [];
  return maxIso([...keys, row?.passwordLastUsed ?? null]);
}

function enabledOf(row: ReportUser | undefined, credentials: CredentialInput[] | null): boolean {
  const activeKey = credentials
    ? credentials.some((c) => c.enabled !== false)
    : (row?.keys.some((k) => k.active) ?? false);
  return activeKey || row?.passwordEnabled === true;
}

/** `credentials` null: the user's keys could not be listed (kept from the store, marked stale). */
function transformUserUnguarded(
  user: UserDetail,
  row: ReportUser | undefined,
  credentials: CredentialInput[] | null,
  ctx: TransformContext,
): IdentityInput {
  const missingElement = missingUserElement(user);
  if (missingElement)
    throw new Error(
      `AWS IAM user ${idOf(user.UserName ?? user.Arn)} without ${missingElement} (GetAccountAuthorizationDetails)`,
    );
  const collected = userGrants(user, ctx);
  const { grants, missing } = collected;
  const passwordEnabled = row?.passwordEnabled === true;
  const passwordLastUsed = row?.passwordLastUsed ?? null;
  const evidence = passwordEnabled ? humanUseEvidence(ctx, passwordLastUsed, 'IAM user') : null;
  const tags = tagMap(user.Tags);
  return {
    id: identityId('aws', ctx.tenant, 'user', userNativeId(user)),
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'service_account',
    nativeType: 'user',
    nativeId: userNativeId(user),
    name: user.UserName ?? '',
    createdAt: iso(user.CreateDate),
    lastUsedAt: lastUseOf(row, credentials),
    lastUsedSource: REPORT_SOURCE,
    enabled: enabledOf(row, credentials),
    interactive: passwordEnabled,
    environment: environmentOf(tags),
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
    credentials: credentials ?? [],
    permissions: permissionsFromGrants(grants),
    ownerClaims: ownerClaimsFromTags(user.Tags),
    stale: staleOf(row, credentials, collected),
  };
}

/** A human IAM user (console password, no keys) → a person (email from an `email` tag or an email-shaped name). */
function transformHumanUserUnguarded(user: UserDetail, row: ReportUser | undefined, tenant: string): PersonInput {
  const tags = tagMap(user.Tags);
  const emailTag = Object.entries(tags).find(([k]) => k.toLowerCase() === 'email')?.[1];
  const email = emailTag ?? (user.UserName?.includes('@') ? user.UserName : null);
  return {
    id: personId('aws', tenant, userNativeId(user)),
    source: 'aws',
    tenant,
    nativeId: userNativeId(user),
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

/** transformUser with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformUser = guardPayload(
  (user: UserDetail, _row: ReportUser | undefined, _credentials: CredentialInput[] | null, _ctx: TransformContext) =>
    `AWS IAM user ${idOf(user.UserName)}`,
  transformUserUnguarded,
);

/** transformHumanUser with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformHumanUser = guardPayload(
  (user: UserDetail, _row: ReportUser | undefined, _tenant: string) => `AWS IAM user ${idOf(user.UserName)}`,
  transformHumanUserUnguarded,
);
