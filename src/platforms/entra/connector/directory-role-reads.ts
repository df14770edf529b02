import type { ScanContext } from '../../../sync/connector.js';
import {
  compactRoleAssignment,
  listRoleAssignments,
  listRoleAssignmentsOf,
  listRoleDefinitions,
  roleDefinitionInfo,
} from './directory-roles.js';
import type { Graph } from './graph.js';
import type { WireUnifiedRoleAssignment } from './graph-types.js';
import type { IdentityFetcher, Relations } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { forEachObject, usable } from './records.js';
import { SOURCE } from './sources.js';
import { stringPool } from './string-pool.js';

type Ctx = ScanContext<EntraOptions>;

/** The role definitions, into `fetcher.roleDefinitions` (what role assignments are named and rated by). */
async function loadRoleDefinitions(ctx: Ctx, graph: Graph, fetcher: IdentityFetcher): Promise<void> {
  await listRoleDefinitions(graph, async (page) => {
    const lost = () => {
      fetcher.roleDefinitionsLost = true;
    };
    for (const d of await usable(ctx, SOURCE.directoryRoles, page, 'unifiedRoleDefinition', lost))
      fetcher.roleDefinitions.set(d.id, roleDefinitionInfo(d));
  });
}

/**
 * Full scans: the role definitions, then every directory role assignment of the tenant, by principal. The list has
 * users' and groups' assignments too (Graph does not say the principal's type without an $expand); only service
 * principals' are ever taken. An assignment without an id is quarantined and its principal's roles are unknown
 * (every principal's, without a principalId).
 */
export function readAllDirectoryRoles(
  ctx: Ctx,
  graph: Graph,
  fetcher: IdentityFetcher,
  relations: Relations,
): Promise<boolean> {
  const intern = stringPool();
  return ctx.sources.read(SOURCE.directoryRoles, async (signal) => {
    const bound = graph.bound(signal);
    await loadRoleDefinitions(ctx, bound, fetcher);
    await listRoleAssignments(bound, async (page) => {
      const lost = (a: WireUnifiedRoleAssignment) =>
        typeof a.principalId === 'string'
          ? relations.directoryRoles.fail(a.principalId)
          : relations.lostUnknown.add('directoryRoles');
      for (const a of await usable(ctx, SOURCE.directoryRoles, page, 'unifiedRoleAssignment', lost)) {
        if (typeof a.principalId === 'string' && a.principalId)
          relations.addDirectoryRole(a.principalId, compactRoleAssignment(a, intern));
        else relations.lostUnknown.add('directoryRoles');
      }
    });
  });
}

/**
 * Delta scans: the role definitions, then the assignments of each changed service principal ($filter on
 * principalId). A refusal (401/403) is the permission's, not the object's: the whole source is skipped.
 */
export async function readDirectoryRolesOf(
  ctx: Ctx,
  graph: Graph,
  fetcher: IdentityFetcher,
  relations: Relations,
  spIds: readonly string[],
): Promise<void> {
  if (spIds.length === 0) return;
  await ctx.sources.read(SOURCE.directoryRoles, async (signal) => {
    const bound = graph.bound(signal);
    await loadRoleDefinitions(ctx, bound, fetcher);
    await forEachObject(
      ctx,
      SOURCE.directoryRoles,
      spIds,
      async (id) => relations.directoryRoles.complete(id, await listRoleAssignmentsOf(bound, id)),
      (id) => relations.directoryRoles.fail(id),
      true,
    );
  });
}
