import type { ScanContext } from '../../../sync/connector.js';
import { latestApplicationsDelta, listApplications } from './applications.js';
import { requireDeltaLink, STATE_KEYS, saveDeltaLinks, saveIndexes } from './delta-state.js';
import { FullScanLookups } from './full-scan-lookups.js';
import { type Graph, inPool } from './graph.js';
import type { WireApplication, WireServicePrincipal } from './graph-types.js';
import { assembleIdentity } from './identity.js';
import { IdentityFetcher } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import {
  classifyServicePrincipal,
  compactServicePrincipal,
  latestServicePrincipalsDelta,
  listServicePrincipals,
  ownedByTenant,
  type ServicePrincipalClass,
} from './service-principals.js';

type Ctx = ScanContext<EntraOptions>;
type Emit = (
  app: WireApplication | null,
  sp: WireServicePrincipal | null,
  cls: ServicePrincipalClass | null,
) => Promise<void>;

const CANNOT_TRACK = '; cannot track changes';
/** Without the applications yet, nothing is known to be a home app: home SPs classify as home_orphan. */
const NO_HOME_APPS_YET: ReadonlySet<string> = new Set();

/**
 * Full scan, streamed (docs/connectors/entra.md "Scans and calls"): compact lookups first (full-scan-lookups.ts),
 * then service principals and applications page by page. Only the service principals that may belong to an
 * application of this tenant are held until their application arrives.
 */
export async function fullScan(ctx: Ctx, graph: Graph): Promise<void> {
  const fetcher = new IdentityFetcher(ctx, graph);
  // Delta tokens for apps and SPs are taken *before* listing, so nothing that changes while we list is lost.
  const appsLatest = await latestApplicationsDelta(graph);
  const spsLatest = await latestServicePrincipalsDelta(graph);
  const lookups = new FullScanLookups(ctx, graph, fetcher);
  const links = await lookups.load();

  const emit: Emit = async (app, sp, cls) => {
    const parts = await fetcher.build(ctx.tenant, app, sp, cls, lookups.take(app?.id ?? null, sp?.id ?? null));
    await ctx.sink.identity(assembleIdentity(parts));
  };
  const heldHome = await emitServicePrincipals(ctx, graph, emit);
  const homeSps = await emitApplications(ctx, graph, heldHome, emit);
  // Home-tenant SPs no application claimed: deleted apps, legacy.
  await inPool([...heldHome.values()], ctx.options.concurrency, (sp) => emit(null, sp, 'home_orphan'));
  heldHome.clear();

  saveDeltaLinks(ctx.state, {
    users: requireDeltaLink(links.users, 'users', CANNOT_TRACK),
    applications: requireDeltaLink(appsLatest.deltaLink, 'applications', CANNOT_TRACK),
    servicePrincipals: requireDeltaLink(spsLatest.deltaLink, 'servicePrincipals', CANNOT_TRACK),
    grants: requireDeltaLink(links.grants, 'oauth2PermissionGrants', CANNOT_TRACK),
  });
  saveIndexes(ctx.state, homeSps, lookups.grantClients);
  ctx.state.set(STATE_KEYS.lastFullScanAt, ctx.clock.now().toISOString());
}

/**
 * Service principals, emitted as they come, except possible home-app SPs: returned (appId → SP) to be joined with
 * their application. First-party Microsoft SPs are resources, not identities.
 */
async function emitServicePrincipals(ctx: Ctx, graph: Graph, emit: Emit): Promise<Map<string, WireServicePrincipal>> {
  const { tenantId, concurrency, pageSize } = ctx.options;
  const heldHome = new Map<string, WireServicePrincipal>();
  await listServicePrincipals(graph, pageSize, async (page) => {
    const now: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }> = [];
    for (const sp of page) {
      const cls = classifyServicePrincipal(sp, tenantId, NO_HOME_APPS_YET);
      if (cls === 'first_party') continue;
      if (cls === 'home_orphan' && sp.appId && ownedByTenant(sp, tenantId))
        heldHome.set(sp.appId, compactServicePrincipal(sp));
      else now.push({ sp, cls });
    }
    await inPool(now, concurrency, ({ sp, cls }) => emit(null, sp, cls));
  });
  return heldHome;
}

/** Applications, each joined with its held service principal; returns {spId: application object id}. */
async function emitApplications(
  ctx: Ctx,
  graph: Graph,
  heldHome: Map<string, WireServicePrincipal>,
  emit: Emit,
): Promise<Record<string, string>> {
  const homeSps: Record<string, string> = {};
  await listApplications(graph, ctx.options.pageSize, async (page) => {
    const work = page.map((app) => {
      const sp = app.appId ? (heldHome.get(app.appId) ?? null) : null;
      if (sp && app.appId) {
        heldHome.delete(app.appId);
        homeSps[sp.id] = app.id;
      }
      return { app, sp };
    });
    await inPool(work, ctx.options.concurrency, ({ app, sp }) => emit(app, sp, sp ? 'home_app' : null));
  });
  return homeSps;
}
