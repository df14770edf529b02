import type { AnalysisStep } from '../analysis.js';
import { recomputeOwnership } from './compute.js';

/**
 * Runs first after every scan: the risk rules read the owner (and its status) this step writes.
 *
 * One piece, never split over analysis threads (it has no `runRange`): every id range needs the whole people index,
 * so each thread built its own. At 1M on two threads that doubled the step's memory — the scan's resident set went
 * from ~1.0 GB during sync and ~1.2 GB during risk to 2.25–2.35 GB for the whole ownership step (bench/results
 * 2026-12-06, `rssTimeline`) — and at 100k the split made the step slower, not faster (3.6 s on one thread, 7.7 s
 * on two: each thread loads the index and the modules itself).
 */
export const ownershipStep: AnalysisStep = {
  name: 'ownership',
  async run(ctx) {
    const r = await recomputeOwnership(ctx.store, {
      now: ctx.clock.now().toISOString(),
      peopleSources: ctx.catalogue.peopleSources,
    });
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
