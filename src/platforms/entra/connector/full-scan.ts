import type { StaleField } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { isAgentIdentity } from './agent-identities.js';
import { latestApplicationsDelta, listApplications } from './applications.js';
import { type DeltaLinks, STATE_KEYS, saveTracking } from './delta-state.js';
import { emitIdentity } from './emit.js';
import { FullScanLookups } from './full-scan-lookups.js';
import { type Graph, inPool } from './graph.js';
import type { WireApplication, WireServicePrincipal } from './graph-types.js';
import { IdentityFetcher, Relations } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { hasId, quarantine } from './records.js';
import {
  classifyServicePrincipal,
  compactServicePrincipal,
  latestServicePrincipalsDelta,
  listServicePrincipals,
  ownedByTenant,
  type ServicePrincipalClass,
} from './service-principals.js';
import { SOURCE, STALE_WHEN_FAILED } from './sources.js';

type Ctx = ScanContext<EntraOptions>;
type Emit = (
  source: typeof SOURCE.servicePrincipals | typeof SOURCE.applications,
  app: WireApplication | null,
  sp: WireServicePrincipal | null,
  cls: ServicePrincipalClass | null,
  stale?: readonly StaleField[],
) => Promise<void>;

/** Without the applications yet, nothing is known to be a home app: home SPs classify as home_orphan. */
const NO_HOME_APPS_YET: ReadonlySet<string> = new Set();

/** Home-tenant service principals waiting for their application (by appId), and appIds whose SP was malformed. */
interface HeldHome {
  sps: Map<string, WireServicePrincipal>;
  quarantined: Set<string>;
}

/**
 * Full scan, streamed (docs/connectors/entra.md "Scans and calls"): every lookup source first (full-scan-lookups.ts),
 * then service principals and applications page by page, each list one source read through `ctx.sources`. Only
 * the service principals that may belong to an application of this tenant are held until their application arrives.
 */
export async function fullScan(ctx: Ctx, graph: Graph): Promise<void> {
  const fetcher = new IdentityFetcher(ctx, graph);
  const relations = new Relations();
  const links: Partial<DeltaLinks> = {};
  // Delta tokens for apps and SPs are taken *before* listing, so nothing that changes while we list is lost.
  await ctx.sources.read(SOURCE.applications, async (signal) => {
    links.applications = (await latestApplicationsDelta(graph.bound(signal))).deltaLink;
  });
  await ctx.sources.read(SOURCE.servicePrincipals, async (signal) => {
    links.servicePrincipals = (await latestServicePrincipalsDelta(graph.bound(signal))).deltaLink;
  });
  const lookups = new FullScanLookups(ctx, graph, fetcher, relations);
  await lookups.load();
  Object.assign(links, lookups.links);

  const emit: Emit = (source, app, sp, cls, stale = []) => {
    const pre = relations.take(app?.id ?? null, sp?.id ?? null);
    return emitIdentity(ctx, fetcher, source, { app, sp, cls, pre: { ...pre, stale: [...pre.stale, ...stale] } });
  };
  const held: HeldHome = { sps: new Map(), quarantined: new Set() };
  const homeSps: Record<string, string> = {};
  await ctx.sources.read(SOURCE.servicePrincipals, (signal) =>
    emitServicePrincipals(ctx, graph.bound(signal), emit, held),
  );
  await ctx.sources.read(SOURCE.applications, (signal) =>
    emitApplications(ctx, graph.bound(signal), held, emit, homeSps),
  );
  // Home-tenant SPs no application claimed: deleted apps, legacy.
  await inPool([...held.sps.values()], ctx.options.concurrency, (sp) =>
    emit(SOURCE.servicePrincipals, null, sp, 'home_orphan'),
  );
  held.sps.clear();
  await settleOwners(ctx, fetcher);

  if (saveTracking(ctx, links, homeSps, lookups.grantClients))
    ctx.state.set(STATE_KEYS.lastFullScanAt, ctx.clock.now().toISOString());
}

/**
 * Owners come expanded on the listings; only objects at the cap were asked one by one, each failure recorded as it
 * happened. When some were, reading the source now settles its outcome (complete, or partial when some object's
 * owners failed); when none were, its endpoints were not called and it stays not-run.
 */
export async function settleOwners(ctx: Ctx, fetcher: IdentityFetcher): Promise<void> {
  if (fetcher.ownerCalls > 0) await ctx.sources.read(SOURCE.owners, async () => {});
}

/** The class of a listed service principal, or null when it is malformed (then quarantined). */
async function classifyListed(ctx: Ctx, sp: WireServicePrincipal, held: HeldHome) {
  let cls: ServicePrincipalClass;
  try {
    cls = classifyServicePrincipal(sp, ctx.options.tenantId, NO_HOME_APPS_YET);
  } catch (error) {
    await quarantine(ctx, SOURCE.servicePrincipals, sp, (error as Error).message);
    return null;
  }
  const { appId } = sp;
  if (hasId(sp)) return cls;
  // A malformed home SP leaves its application without what the principal holds: kept from the store.
  if (cls === 'home_orphan' && appId) held.quarantined.add(appId);
  await quarantine(ctx, SOURCE.servicePrincipals, sp, 'servicePrincipal without an id');
  return null;
}

/**
 * Service principals, emitted as they come, except possible home-app SPs: held (appId → SP) to be joined with
 * their application. First-party Microsoft SPs are resources, not identities (counted, not emitted).
 */
async function emitServicePrincipals(ctx: Ctx, graph: Graph, emit: Emit, held: HeldHome): Promise<void> {
  const { tenantId, concurrency, pageSize } = ctx.options;
  await listServicePrincipals(graph, pageSize, async (page) => {
    const now: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }> = [];
    for (const sp of page) {
      const cls = await classifyListed(ctx, sp, held);
      if (cls === null) continue;
      if (cls === 'first_party') ctx.sources.counted(SOURCE.servicePrincipals);
      // An agent identity is never an application's principal: not held, whatever its appId.
      else if (cls === 'home_orphan' && sp.appId && ownedByTenant(sp, tenantId) && !isAgentIdentity(sp))
        held.sps.set(sp.appId, compactServicePrincipal(sp));
      else now.push({ sp, cls });
    }
    await inPool(now, concurrency, ({ sp, cls }) => emit(SOURCE.servicePrincipals, null, sp, cls));
  });
}

/** Applications, each joined with its held service principal; fills `homeSps` {spId: application object id}. */
async function emitApplications(
  ctx: Ctx,
  graph: Graph,
  held: HeldHome,
  emit: Emit,
  homeSps: Record<string, string>,
): Promise<void> {
  await listApplications(graph, ctx.options.pageSize, async (page) => {
    const work = page.map((app) => {
      const sp = app.appId ? (held.sps.get(app.appId) ?? null) : null;
      if (sp && app.appId) {
        held.sps.delete(app.appId);
        if (hasId(app)) homeSps[sp.id] = app.id;
      }
      const stale = app.appId && held.quarantined.has(app.appId) ? STALE_WHEN_FAILED.homeServicePrincipal : [];
      return { app, sp, stale };
    });
    await inPool(work, ctx.options.concurrency, ({ app, sp, stale }) =>
      emit(SOURCE.applications, app, sp, sp ? 'home_app' : null, stale),
    );
  });
}
