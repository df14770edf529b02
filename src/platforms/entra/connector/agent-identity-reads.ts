import type { ScanContext } from '../../../sync/connector.js';
import { getAgentIdentity, listAgentIdentities, listSponsors } from './agent-identities.js';
import type { Graph } from './graph.js';
import type { WireAgentIdentity } from './graph-types.js';
import type { Relations } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { forEachObject, usable } from './records.js';
import { SOURCE } from './sources.js';

type Ctx = ScanContext<EntraOptions>;

function keep(relations: Relations, a: WireAgentIdentity & { id: string }): void {
  relations.agents.set(a.id, typeof a.agentIdentityBlueprintId === 'string' ? a.agentIdentityBlueprintId : null);
  relations.sponsors.add(a.id, a.sponsors);
}

/** Sponsors of agents whose expansion hit the cap, listed one by one inside the same source. */
function listCappedSponsors(ctx: Ctx, graph: Graph, relations: Relations, refusalEndsSource: boolean) {
  const { sponsors } = relations;
  return forEachObject(
    ctx,
    SOURCE.agentIdentities,
    sponsors.cappedIds(),
    async (id) => sponsors.complete(id, await listSponsors(graph, id)),
    (id) => sponsors.fail(id),
    refusalEndsSource,
  );
}

/**
 * Full scans: every agent identity with its blueprint and sponsors (expanded), read before any identity is emitted.
 * An entry without an id is quarantined; which agent it was is unknown, so every agent's sponsors are.
 */
export function readAllAgentIdentities(ctx: Ctx, graph: Graph, relations: Relations): Promise<boolean> {
  return ctx.sources.read(SOURCE.agentIdentities, async (signal) => {
    const bound = graph.bound(signal);
    await listAgentIdentities(bound, async (page) => {
      const lost = () => relations.lostUnknown.add('agentIdentities');
      for (const a of await usable(ctx, SOURCE.agentIdentities, page, 'agentIdentity', lost)) keep(relations, a);
    });
    await listCappedSponsors(ctx, bound, relations, false);
  });
}

/**
 * Delta scans: the agent identities among the changed service principals, one by one. A refusal (401/403) is the
 * permission's, not the object's: the whole source is skipped. Without changed agents the source is not read.
 */
export async function readAgentIdentitiesOf(
  ctx: Ctx,
  graph: Graph,
  relations: Relations,
  spIds: readonly string[],
): Promise<void> {
  if (spIds.length === 0) return;
  await ctx.sources.read(SOURCE.agentIdentities, async (signal) => {
    const bound = graph.bound(signal);
    await forEachObject(
      ctx,
      SOURCE.agentIdentities,
      spIds,
      async (id) => {
        const agent = await getAgentIdentity(bound, id);
        ctx.sources.counted(SOURCE.agentIdentities);
        if (agent) keep(relations, { ...agent, id });
      },
      (id) => relations.sponsors.fail(id),
      true,
    );
    await listCappedSponsors(ctx, bound, relations, true);
  });
}
