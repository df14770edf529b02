import { type AnalysisContext, type AnalysisStep, inRanges } from '../analysis.js';
import type { IdRange } from '../../store/index.js';
import { dropGoneOwnership, mergeRecomputeResults, recomputeOwnership, type RecomputeResult } from './compute.js';

const recompute = (ctx: AnalysisContext, idRange?: IdRange) =>
  recomputeOwnership(ctx.store, {
    now: ctx.clock.now().toISOString(),
    peopleSources: ctx.catalogue.peopleSources,
    idRange,
  });

async function inParallel(ctx: AnalysisContext): Promise<RecomputeResult | null> {
  const parts = await inRanges<RecomputeResult>(ctx, ownershipStep);
  if (!parts) return null;
  return { ...mergeRecomputeResults(parts), removed: await dropGoneOwnership(ctx.store) };
}

/** Runs first after every scan: the risk rules read the owner (and its status) this step writes. */
export const ownershipStep: AnalysisStep = {
  name: 'ownership',
  runRange: (ctx, range) => recompute(ctx, range),
  async run(ctx) {
    const r = (await inParallel(ctx)) ?? (await recompute(ctx));
    const pct = r.identities ? ((r.owned / r.identities) * 100).toFixed(1) : '0.0';
    const lines = [
      `${r.owned} of ${r.identities} identities have an owner who is an active person or a team (${pct}%)`,
      `${r.orphans} orphaned: ${r.noOwner} without owner, ${r.ownerDeparted} owner departed, ${r.ownerDisabled} owner disabled`,
    ];
    lines.push(`${r.written} ownership decisions new or changed`);
    if (r.removed) lines.push(`${r.removed} ownership records of removed identities dropped`);
    ctx.log.info(lines.join('; '));
    return lines;
  },
};
