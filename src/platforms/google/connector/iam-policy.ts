import type { PermissionInput } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import type { CloudClients } from './cloud-client.js';
import { type ProjectRef, requireObject, str } from './cloud-common.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import { roleTier, SA_ADMIN_ROLE } from './cloud-roles.js';
import type { GcpBinding, GcpPolicy } from './cloud-wire.js';

export const POLICY_SOURCE = 'project IAM policy';

/**
 * What one project's IAM policy says about non-human identities: the roles each service account holds (by email),
 * the roles granted to each workload identity pool's federated principals (by pool resource name), and the users
 * who administer the project's service accounts (roles/iam.serviceAccountAdmin: owner evidence).
 */
export interface ProjectBindings {
  bySa: Map<string, PermissionInput[]>;
  byPool: Map<string, PermissionInput[]>;
  saAdmins: string[];
}

export const NO_BINDINGS: ProjectBindings = { bySa: new Map(), byPool: new Map(), saAdmins: [] };

/**
 * getIamPolicy asks for policy version 3: an older version hides conditional bindings' conditions (and Google then
 * refuses the call when the policy has any), so a condition would silently look like an unconditional grant.
 */
export function getProjectPolicy(c: CloudClients, projectId: string, signal: AbortSignal): Promise<GcpPolicy> {
  return c.calls.call(CLOUD_CALLS.getIamPolicy, signal, (o) =>
    c.crm.projects.getIamPolicy(
      { resource: `projects/${projectId}`, requestBody: { options: { requestedPolicyVersion: 3 } } },
      o,
    ),
  );
}

/** `principalSet://iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/…` → the pool's name. */
const POOL_MEMBER =
  /^principal(?:Set)?:\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/[^/]+\/workloadIdentityPools\/[^/]+)\//;

/** Pure: one project policy → its NHI bindings. `deleted:` members no longer exist and grant nothing. */
export function bindingsOf(raw: GcpPolicy, project: ProjectRef): ProjectBindings {
  const policy = requireObject(raw, `IAM policy of project ${project.projectId}`);
  const out: ProjectBindings = { bySa: new Map(), byPool: new Map(), saAdmins: [] };
  for (const binding of policy.bindings ?? []) {
    // A binding read wrong would drop or invent a grant: the whole policy is refused instead (quarantined).
    const role = str(binding?.role);
    if (!role || !Array.isArray(binding.members))
      throw new InvalidRecordError(
        `IAM policy of project ${project.projectId}: a binding without role or members`,
        null,
      );
    for (const member of binding.members) {
      if (typeof member !== 'string') continue;
      if (member.startsWith('serviceAccount:')) {
        push(
          out.bySa,
          member.slice('serviceAccount:'.length).toLowerCase(),
          permission(role, member, binding, project),
        );
        continue;
      }
      const pool = POOL_MEMBER.exec(member)?.[1];
      if (pool) push(out.byPool, pool, permission(role, member, binding, project));
      else if (role === SA_ADMIN_ROLE && member.startsWith('user:') && !binding.condition)
        out.saAdmins.push(member.slice('user:'.length));
    }
  }
  return out;
}

function permission(role: string, member: string, binding: GcpBinding, project: ProjectRef): PermissionInput {
  const tier = roleTier(role);
  return {
    nativeName: role,
    resource: `projects/${project.projectId}`,
    access: tier.access,
    sensitivity: tier.sensitivity,
    pathToAdmin: tier.pathToAdmin,
    source: POLICY_SOURCE,
    attributes: {
      member,
      projectId: project.projectId,
      conditionTitle: str(binding.condition?.title),
      conditionExpression: str(binding.condition?.expression),
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Pool names in members use the project NUMBER, the pools list uses whatever the caller passed (the id): both
 * spellings are looked up.
 */
export function poolPermissions(bindings: ProjectBindings, poolName: string, project: ProjectRef): PermissionInput[] {
  const byId = bindings.byPool.get(poolName) ?? [];
  if (!project.projectNumber) return byId;
  const byNumber = poolName.replace(`projects/${project.projectId}/`, `projects/${project.projectNumber}/`);
  return byNumber === poolName ? byId : [...byId, ...(bindings.byPool.get(byNumber) ?? [])];
}
