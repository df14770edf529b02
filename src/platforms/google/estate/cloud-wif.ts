import type { iam_v1 } from '@googleapis/iam';
import { GITHUB_ISSUER, OTHER_OIDC_ISSUERS, POOL_ROLES } from './cloud-catalogue.js';
import { grant, type ProjectDraft } from './cloud-projects.js';
import { type GenContext, identityId, label } from './context.js';
import type { PermissionFacts } from './oracle.js';

type Pool = iam_v1.Schema$WorkloadIdentityPool;
type Provider = iam_v1.Schema$WorkloadIdentityPoolProvider;

const GITHUB_MAPPING = {
  'google.subject': 'assertion.sub',
  'attribute.repository': 'assertion.repository',
  'attribute.repository_owner': 'assertion.repository_owner',
};

/** One pool per project that federates, with the roles its principals hold on the project. */
export function generatePool(c: GenContext, p: ProjectDraft): { pool: Pool; permissions: PermissionFacts[] } {
  const name = `projects/${p.number}/locations/global/workloadIdentityPools/ci-pool`;
  const disabled = c.rng.chance(0.05);
  const roles = c.rng.sample(POOL_ROLES, c.rng.int(0, 2));
  for (const r of roles) grant(p, r.role, `principalSet://iam.googleapis.com/${name}/*`);
  const permissions = roles.map((r) => ({
    nativeName: r.role,
    access: r.access,
    sensitivity: r.sensitivity,
    pathToAdmin: r.pathToAdmin,
  }));
  return { pool: { name, displayName: 'CI pool', state: 'ACTIVE', disabled }, permissions };
}

/** One provider of a pool: GitHub Actions OIDC (most), another OIDC issuer, or AWS; its label. */
export function generateProvider(
  c: GenContext,
  pool: Pool,
  poolPermissions: PermissionFacts[],
  index: number,
): Provider {
  const kind = c.rng.weighted([
    ['github', 70],
    ['oidc', 15],
    ['aws', 15],
  ] as const);
  const providerId = `${kind}-${index}`;
  const name = `${pool.name}/providers/${providerId}`;
  const conditioned = kind === 'aws' ? c.rng.chance(0.5) : c.rng.chance(0.65);
  const disabled = c.rng.chance(0.08);
  const provider: Provider = {
    name,
    displayName: `${kind} ${index}`,
    state: 'ACTIVE',
    disabled,
    attributeMapping: kind === 'aws' ? { 'google.subject': 'assertion.arn' } : GITHUB_MAPPING,
    ...(conditioned ? { attributeCondition: `assertion.repository_owner == '${c.tenant}'` } : {}),
    ...(kind === 'aws'
      ? { aws: { accountId: String(c.rng.int(100000000000, 999999999999)) } }
      : { oidc: { issuerUri: kind === 'github' ? GITHUB_ISSUER : c.rng.pick(OTHER_OIDC_ISSUERS) } }),
  };
  const enabled = !disabled && pool.disabled !== true;
  label(c, {
    id: identityId(c, 'workload_identity_provider', name),
    tenant: c.tenant,
    kind: 'workload_identity',
    name: provider.displayName as string,
    createdAt: null,
    lastUsedAt: null,
    usageTracked: false,
    enabled,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: poolPermissions,
    owner: null,
    platformRisks: enabled && kind !== 'aws' && !conditioned ? ['google-wif-provider-no-condition'] : [],
  });
  return provider;
}
