import type { RoleDetail } from '@aws-sdk/client-iam';
import { identityId, type EdgeInput, type IdentityInput } from '../../../model/index.js';
import { iso, type TransformContext } from './context.js';
import { attachedGrants, noGrants } from './managed-policies.js';
import { inlineGrants, permissionsFromGrants } from './policy.js';
import { GAAD } from './sources.js';
import { environmentOf, ownerClaimsFromTags, tagMap } from './tags.js';
import {
  analyzeTrust,
  GITHUB_OIDC_HOST,
  githubTargetFor,
  parseTrustPolicy,
  type TrustAnalysis,
  type TrustStatement,
} from './trust.js';
import { guardPayload, idOf } from '../../../lib/payload.js';
import { providerIdentityId } from './identity-providers.js';

/**
 * IAM roles (GetAccountAuthorizationDetails `RoleDetailList`) with their trust policy, parsed once here (trust.ts)
 * and emitted as typed facts (`trust`, `trustSummary`) that the rules read. Pure transform.
 */

export const ROLE_LAST_USED_SOURCE = 'RoleLastUsed';

export interface RoleRecords {
  /** null for human sign-in (SAML-only) roles. */
  identity: IdentityInput | null;
  edges: EdgeInput[];
}

/** The first element GetAccountAuthorizationDetails always sends for a role that this one lacks, if any. */
export function missingRoleElement(role: RoleDetail): string | null {
  for (const name of ['RoleName', 'RoleId', 'Arn'] as const)
    if (typeof role[name] !== 'string' || role[name] === '') return name;
  return null;
}

/** Throws for a role without its ids or with a trust document that is not URL-encoded JSON (quarantined by the scan). */
function transformRoleUnguarded(role: RoleDetail, ctx: TransformContext): RoleRecords {
  const missingElement = missingRoleElement(role);
  if (missingElement)
    throw new Error(
      `AWS IAM role ${idOf(role.RoleName ?? role.Arn)} without ${missingElement} (GetAccountAuthorizationDetails)`,
    );
  const statements = trustOf(role);
  const trust = analyzeTrust(statements, ctx.accountId);
  if (trust.samlOnly) return { identity: null, edges: [] };
  const collected = noGrants();
  attachedGrants(role.AttachedManagedPolicies, ctx.policies, '', collected);
  inlineGrants(role.RolePolicyList, '', collected.grants);
  const { grants, missing } = collected;
  const nativeId = role.RoleId ?? role.RoleName ?? 'unknown';
  const id = identityId('aws', ctx.tenant, 'role', nativeId);
  const tags = tagMap(role.Tags);
  const identity: IdentityInput = {
    id,
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'workload_identity',
    nativeType: 'role',
    nativeId,
    name: role.RoleName ?? '',
    createdAt: iso(role.CreateDate),
    lastUsedAt: iso(role.RoleLastUsed?.LastUsedDate),
    lastUsedSource: ROLE_LAST_USED_SOURCE,
    enabled: true,
    interactive: false,
    environment: environmentOf(tags),
    attributes: {
      ...roleAttributes(role, ctx, tags, statements, trust),
      ...(missing.length ? { unresolvedPolicies: missing } : {}),
    },
    credentials: [],
    permissions: permissionsFromGrants(grants),
    ownerClaims: ownerClaimsFromTags(role.Tags),
    stale: collected.incomplete ? [{ field: 'permissions', source: GAAD }] : [],
  };
  return { identity, edges: [...githubEdges(id, trust), ...providerEdges(id, ctx.tenant, trust)] };
}

function trustOf(role: RoleDetail): TrustStatement[] {
  if (!role.AssumeRolePolicyDocument) return [];
  try {
    return parseTrustPolicy(role.AssumeRolePolicyDocument);
  } catch (error) {
    throw new Error(
      `AWS IAM role ${idOf(role.RoleName)}: trust policy (AssumeRolePolicyDocument) is not URL-encoded JSON (${(error as Error).message})`,
    );
  }
}

function roleAttributes(
  role: RoleDetail,
  ctx: TransformContext,
  tags: Record<string, string>,
  statements: TrustStatement[],
  trust: TrustAnalysis,
) {
  return {
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
      githubOpenTrust: trust.githubOpenTrust,
      githubSubjects: trust.githubSubjects,
      oidcProviders: trust.oidcProviders,
      samlProviders: trust.samlProviders,
    },
    ...(role.PermissionsBoundary?.PermissionsBoundaryArn
      ? { permissionsBoundary: role.PermissionsBoundary.PermissionsBoundaryArn }
      : {}),
  };
}

/** One `trusts_oidc` edge per GitHub repository or organization the trust's `sub` patterns name. */
function githubEdges(id: string, trust: TrustAnalysis): EdgeInput[] {
  return trust.githubTargets.map((to) => ({
    from: id,
    to,
    kind: 'trusts_oidc',
    attributes: {
      provider: GITHUB_OIDC_HOST,
      subjects: trust.githubSubjects.filter((s) => githubTargetFor(s) === to),
    },
  }));
}

/**
 * One `trusts_provider` edge per IAM identity provider (OIDC or SAML) an Allow statement federates to, to the
 * provider's identity (identity-providers.ts), whether or not the provider exists in the account any more.
 */
function providerEdges(id: string, tenant: string, trust: TrustAnalysis): EdgeInput[] {
  const edges: EdgeInput[] = [];
  for (const [arns, type] of [
    [trust.oidcProviders, 'oidc'],
    [trust.samlProviders, 'saml'],
  ] as const)
    for (const arn of arns) {
      const to = providerIdentityId(tenant, arn);
      if (to) edges.push({ from: id, to, kind: 'trusts_provider', attributes: { provider: arn, type } });
    }
  return edges;
}

/** transformRole with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformRole = guardPayload(
  (role: RoleDetail, _ctx: TransformContext) => `AWS IAM role ${idOf(role.RoleName)}`,
  transformRoleUnguarded,
);
