import type { AccessKeyMetadata, UserDetail } from '@aws-sdk/client-iam';
import {
  identityId,
  personId,
  type CredentialInput,
  type IdentityInput,
  type PersonInput,
} from '../../../model/index.js';
import { humanUseEvidence, iso, maxIso, REPORT_SOURCE, type TransformContext } from './context.js';
import type { ReportUser } from './credential-report.js';
import { attachedGrants } from './managed-policies.js';
import { inlineGrants, permissionsFromGrants, type SourcedGrant } from './policy.js';
import { environmentOf, ownerClaimsFromTags, tagMap } from './tags.js';
import { guardPayload, idOf } from '../../../lib/payload.js';

/**
 * IAM users (GetAccountAuthorizationDetails `UserDetailList`) with what the credential report says of their login
 * profile (console password, last sign-in) and MFA, and their access keys (access-keys.ts). Pure transforms.
 */

/** IAM users with a console password and no access keys are people, not NHIs. */
export function isHumanUser(row: ReportUser | undefined, keys: AccessKeyMetadata[]): boolean {
  return row?.passwordEnabled === true && keys.length === 0;
}

/** Every grant a user holds: attached and inline policies, and its groups' attached and inline policies. */
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

const userNativeId = (user: UserDetail) => user.UserId ?? user.UserName ?? 'unknown';

function transformUserUnguarded(
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
    id: identityId('aws', ctx.tenant, 'user', userNativeId(user)),
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'service_account',
    nativeType: 'user',
    nativeId: userNativeId(user),
    name: user.UserName ?? '',
    createdAt: iso(user.CreateDate),
    lastUsedAt: maxIso([...credentials.map((c) => c.lastUsedAt), passwordLastUsed]),
    lastUsedSource: REPORT_SOURCE,
    enabled: credentials.some((c) => c.enabled !== false) || passwordEnabled,
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
    credentials,
    permissions: permissionsFromGrants(grants),
    ownerClaims: ownerClaimsFromTags(user.Tags),
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
  (user: UserDetail, _row: ReportUser | undefined, _credentials: CredentialInput[], _ctx: TransformContext) =>
    `AWS IAM user ${idOf(user.UserName)}`,
  transformUserUnguarded,
);

/** transformHumanUser with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformHumanUser = guardPayload(
  (user: UserDetail, _row: ReportUser | undefined, _tenant: string) => `AWS IAM user ${idOf(user.UserName)}`,
  transformHumanUserUnguarded,
);
