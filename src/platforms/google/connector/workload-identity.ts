import type { IdentityInput } from '../../../model/index.js';
import type { CloudClients } from './cloud-client.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import {
  cloudId,
  type CloudTransformContext,
  leaf,
  type ProjectRef,
  requireObject,
  requireStr,
  str,
  timestamp,
} from './cloud-common.js';
import type { GcpWorkloadIdentityPool, GcpWorkloadIdentityPoolProvider } from './cloud-wire.js';
import { poolPermissions, type ProjectBindings } from './iam-policy.js';

/** workloadIdentityPools.list allows up to 1,000 pools a page, providers.list up to 100 providers. */
export const POOLS_PAGE_SIZE = 1000;
export const PROVIDERS_PAGE_SIZE = 100;

/** GitHub Actions' OIDC issuer: any workflow of any repository on github.com gets tokens from it. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** One project's workload identity pools (global location), page by page. */
export async function* listPools(
  c: CloudClients,
  projectId: string,
  signal: AbortSignal,
): AsyncGenerator<GcpWorkloadIdentityPool[]> {
  let pageToken: string | undefined;
  do {
    const data = await c.calls.call(CLOUD_CALLS.listPools, signal, (o) =>
      c.iam.projects.locations.workloadIdentityPools.list(
        { parent: `projects/${projectId}/locations/global`, pageSize: POOLS_PAGE_SIZE, pageToken },
        o,
      ),
    );
    yield data.workloadIdentityPools ?? [];
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken && !signal.aborted);
}

/** One pool's providers, page by page (`parent` = the pool's resource name). */
export async function* listProviders(
  c: CloudClients,
  poolName: string,
  signal: AbortSignal,
): AsyncGenerator<GcpWorkloadIdentityPoolProvider[]> {
  let pageToken: string | undefined;
  do {
    const data = await c.calls.call(CLOUD_CALLS.listProviders, signal, (o) =>
      c.iam.projects.locations.workloadIdentityPools.providers.list(
        { parent: poolName, pageSize: PROVIDERS_PAGE_SIZE, pageToken },
        o,
      ),
    );
    yield data.workloadIdentityPoolProviders ?? [];
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken && !signal.aborted);
}

const protocolOf = (p: GcpWorkloadIdentityPoolProvider): 'oidc' | 'aws' | 'saml' | null =>
  p.oidc ? 'oidc' : p.aws ? 'aws' : p.saml ? 'saml' : null;

function mappingOf(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== 'object') return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Pure: one provider of a pool → a `workload_identity_provider` identity. External workloads federate through it;
 * the roles its pool's principals hold on the project (principalSet:// members) are its permissions.
 */
export function transform(
  raw: GcpWorkloadIdentityPoolProvider,
  pool: GcpWorkloadIdentityPool,
  project: ProjectRef,
  t: CloudTransformContext,
  bindings: ProjectBindings,
): IdentityInput {
  const provider = requireObject(raw, 'workload identity pool provider');
  const name = requireStr(provider.name, 'workload identity pool provider', 'name');
  const poolName = requireStr(pool.name, 'workload identity pool', 'name');
  const issuerUri = str(provider.oidc?.issuerUri);
  const poolDisabled = pool.disabled === true;
  const state = str(provider.state);
  return {
    id: cloudId(t, 'workload_identity_provider', name),
    platform: 'google',
    tenant: t.tenant,
    kind: 'workload_identity',
    nativeType: 'workload_identity_provider',
    nativeId: name,
    name: str(provider.displayName) ?? `${leaf(poolName)}/${leaf(name)}`,
    enabled: provider.disabled !== true && !poolDisabled && state !== 'DELETED',
    attributes: {
      projectId: project.projectId,
      poolId: leaf(poolName),
      poolDisabled,
      providerId: leaf(name),
      protocol: protocolOf(provider),
      issuerUri,
      allowedAudiences: (provider.oidc?.allowedAudiences ?? []).filter((a): a is string => typeof a === 'string'),
      attributeCondition: str(provider.attributeCondition?.trim()),
      attributeMapping: mappingOf(provider.attributeMapping),
      githubActions: issuerUri?.replace(/\/+$/, '') === GITHUB_ACTIONS_ISSUER,
      state,
      expireTime: timestamp(provider.expireTime, `expireTime of provider ${name}`),
    },
    permissions: poolPermissions(bindings, poolName, project),
  };
}
