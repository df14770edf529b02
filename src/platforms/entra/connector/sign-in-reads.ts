import type { ScanContext } from '../../../sync/connector.js';
import type { Graph } from './graph.js';
import type { WireServicePrincipalSignInActivity } from './graph-types.js';
import type { IdentityFetcher } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { usable } from './records.js';
import { listSignInActivities, packSignInActivity } from './sign-in-activity.js';
import { SOURCE } from './sources.js';

/** Up to this many appIds, sign-in activity is asked per appId; beyond, the whole report once. */
export const PER_APP_SIGN_IN_LIMIT = 20;

/**
 * Reads the sign-in source into `fetcher.signIns` before any identity it fills is emitted: the whole report
 * (`appIds` null: full scans, or many changes), else one filtered call per appId. A refusal (403: no
 * AuditLog.Read.All, no P1/P2 licence) is the source's recorded outcome; usage then stays unknown, never "never
 * used": lastUsedAt is emitted null without a source and the sink marks it stale, so the store keeps its value.
 */
export async function readSignIns(
  ctx: ScanContext<EntraOptions>,
  graph: Graph,
  fetcher: IdentityFetcher,
  appIds: readonly string[] | null,
): Promise<void> {
  // An entry without an id is quarantined; its app's last use (every app's, without an appId) is unknown.
  const lost = (a: WireServicePrincipalSignInActivity) => {
    if (a.appId && fetcher.signInsLost) fetcher.signInsLost.add(a.appId);
    else fetcher.signInsLost = null;
  };
  const keep = async (page: WireServicePrincipalSignInActivity[]) => {
    for (const a of await usable(ctx, SOURCE.signIns, page, 'servicePrincipalSignInActivity', lost))
      if (a.appId) fetcher.signIns.set(a.appId, packSignInActivity(a));
  };
  await ctx.sources.read(SOURCE.signIns, async (signal) => {
    const bound = graph.bound(signal);
    if (appIds === null || appIds.length > PER_APP_SIGN_IN_LIMIT) await listSignInActivities(bound, undefined, keep);
    // One at a time: the reports API is throttled far harder than the directory.
    else for (const appId of appIds) await listSignInActivities(bound, appId, keep);
  });
  const status = ctx.sources.status(SOURCE.signIns);
  fetcher.signInTracked = status === 'complete' || status === 'partial';
}
