import { identityId } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { findApplicationByAppId, getApplication } from './applications.js';
import {
  type DeltaLinks,
  parseJsonState,
  requireDeltaLink,
  STATE_KEYS,
  saveDeltaLinks,
  saveIndexes,
} from './delta-state.js';
import { type Graph, inPool } from './graph.js';
import type { WireApplication, WireOAuth2PermissionGrant, WireServicePrincipal, WireUser } from './graph-types.js';
import { assembleIdentity } from './identity.js';
import { IdentityFetcher } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import {
  classifyServicePrincipal,
  getServicePrincipal,
  listServicePrincipalsOfApp,
  ownedByTenant,
  type ServicePrincipalClass,
} from './service-principals.js';
import { transformUser } from './users.js';

type Ctx = ScanContext<EntraOptions>;

/** Up to this many changed identities, sign-in activity is asked per appId; beyond, the whole report once. */
const PER_APP_SIGN_IN_LIMIT = 20;

/**
 * Applies Graph's changes since the stored deltaLinks: changed users become persons again; a changed application,
 * service principal or grant re-emits the whole identity it belongs to (refetched, so credentials, owners and
 * permissions are complete); deletions become sink.remove. Unchanged tenants cost one call per delta link.
 */
export async function deltaScan(ctx: Ctx, graph: Graph, links: DeltaLinks): Promise<void> {
  const run = new DeltaRun(ctx, graph);
  const users = await graph.all<WireUser>(links.users, 'users.delta');
  const apps = await graph.all<WireApplication>(links.applications, 'applications.delta');
  const sps = await graph.all<WireServicePrincipal>(links.servicePrincipals, 'servicePrincipals.delta');
  const grants = await graph.all<WireOAuth2PermissionGrant>(links.grants, 'oauth2PermissionGrants.delta');

  await run.applyUsers(users.items);
  run.collectChanges(apps.items, sps.items, grants.items);
  await run.applyRemovals();
  const spWork = await run.classifyChangedServicePrincipals();
  await run.prepareSignIns(spWork.length);
  await run.refreshApplications();
  await run.refreshServicePrincipals(spWork);
  run.save({ users, applications: apps, servicePrincipals: sps, grants });
}

/** One delta scan's working set: what changed, and the indexes it keeps up to date. */
class DeltaRun {
  private fetcher: IdentityFetcher;
  private homeSps: Record<string, string>;
  private grantClients: Record<string, string>;
  private removedApps = new Set<string>();
  private changedApps = new Set<string>();
  private removedSps = new Set<string>();
  private changedSps = new Set<string>();

  constructor(
    private ctx: Ctx,
    private graph: Graph,
  ) {
    this.fetcher = new IdentityFetcher(ctx, graph);
    this.homeSps = parseJsonState(ctx.state.get(STATE_KEYS.homeServicePrincipals));
    this.grantClients = parseJsonState(ctx.state.get(STATE_KEYS.grantClients));
  }

  async applyUsers(users: WireUser[]): Promise<void> {
    for (const u of users) {
      if (u['@removed']) {
        this.ctx.log.info(`user ${u.id} was deleted in Entra (its person record stays until the next full scan)`);
        continue;
      }
      this.fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
      await this.ctx.sink.person(transformUser(this.ctx.tenant, u));
    }
  }

  /** Sorts the delta rounds into removed/changed objects; a changed or deleted grant changes its client SP. */
  collectChanges(apps: WireApplication[], sps: WireServicePrincipal[], grants: WireOAuth2PermissionGrant[]): void {
    for (const a of apps) (a['@removed'] ? this.removedApps : this.changedApps).add(a.id);
    for (const s of sps) (s['@removed'] ? this.removedSps : this.changedSps).add(s.id);
    for (const g of grants) {
      const client = g['@removed'] ? this.grantClients[g.id] : (g.clientId ?? undefined);
      if (g['@removed']) delete this.grantClients[g.id];
      else if (g.clientId) this.grantClients[g.id] = g.clientId;
      if (client) this.changedSps.add(client);
    }
  }

  /** Deleted applications go; a deleted home SP refreshes its application, any other deleted SP goes. */
  async applyRemovals(): Promise<void> {
    for (const id of this.removedApps) {
      await this.ctx.sink.remove(identityId('entra', this.ctx.tenant, 'application', id));
      this.changedApps.delete(id);
    }
    for (const id of this.removedSps) {
      const app = this.homeSps[id];
      delete this.homeSps[id];
      this.changedSps.delete(id);
      if (app && !this.removedApps.has(app)) this.changedApps.add(app);
      else if (!app) await this.ctx.sink.remove(identityId('entra', this.ctx.tenant, 'servicePrincipal', id));
    }
  }

  /** Changed SPs: merged ones refresh their application; the rest are refetched and classified. */
  async classifyChangedServicePrincipals(): Promise<Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }>> {
    const spWork: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }> = [];
    await inPool([...this.changedSps], this.ctx.options.concurrency, async (id) => {
      if (this.homeSps[id]) {
        this.changedApps.add(this.homeSps[id]);
        return;
      }
      const sp = await getServicePrincipal(this.graph, id);
      if (!sp) {
        await this.ctx.sink.remove(identityId('entra', this.ctx.tenant, 'servicePrincipal', id));
        return;
      }
      const cls = await this.classify(sp);
      if (cls !== 'first_party' && cls !== 'home_app') spWork.push({ sp, cls });
    });
    return spWork;
  }

  /** Classifies a refetched SP; one of a home application is merged into it (that application is refreshed). */
  private async classify(sp: WireServicePrincipal): Promise<ServicePrincipalClass> {
    const { tenantId } = this.ctx.options;
    const homeApp =
      ownedByTenant(sp, tenantId) && sp.appId ? await findApplicationByAppId(this.graph, sp.appId) : undefined;
    const cls = classifyServicePrincipal(sp, tenantId, new Set(homeApp && sp.appId ? [sp.appId] : []));
    if (cls === 'home_app' && homeApp) {
      this.homeSps[sp.id] = homeApp.id;
      this.changedApps.add(homeApp.id);
    }
    return cls;
  }

  /** Usage of a few changed identities: one filtered report call each; of many: the whole report once. */
  async prepareSignIns(changedServicePrincipals: number): Promise<void> {
    if (this.changedApps.size + changedServicePrincipals > PER_APP_SIGN_IN_LIMIT) await this.fetcher.loadSignIns();
    else this.fetcher.signInsPerApp = true;
  }

  async refreshApplications(): Promise<void> {
    await inPool([...this.changedApps], this.ctx.options.concurrency, (id) => this.refreshApplication(id));
  }

  /** Refetches an application and its home SP (if any) and re-emits their identity. */
  private async refreshApplication(id: string): Promise<void> {
    const app = await getApplication(this.graph, id);
    if (!app) {
      await this.ctx.sink.remove(identityId('entra', this.ctx.tenant, 'application', id));
      return;
    }
    const candidates = app.appId ? await listServicePrincipalsOfApp(this.graph, app.appId) : [];
    const sp = candidates.find((s) => ownedByTenant(s, this.ctx.options.tenantId)) ?? null;
    for (const [spId, appObj] of Object.entries(this.homeSps))
      if (appObj === app.id && spId !== sp?.id) delete this.homeSps[spId];
    if (sp) this.homeSps[sp.id] = app.id;
    const parts = await this.fetcher.build(this.ctx.tenant, app, sp, sp ? 'home_app' : null);
    await this.ctx.sink.identity(assembleIdentity(parts));
  }

  async refreshServicePrincipals(work: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }>) {
    await inPool(work, this.ctx.options.concurrency, async ({ sp, cls }) => {
      await this.ctx.sink.identity(assembleIdentity(await this.fetcher.build(this.ctx.tenant, null, sp, cls)));
    });
  }

  save(rounds: Record<keyof DeltaLinks, { deltaLink: string | undefined }>): void {
    saveDeltaLinks(this.ctx.state, {
      users: requireDeltaLink(rounds.users.deltaLink, 'users'),
      applications: requireDeltaLink(rounds.applications.deltaLink, 'applications'),
      servicePrincipals: requireDeltaLink(rounds.servicePrincipals.deltaLink, 'servicePrincipals'),
      grants: requireDeltaLink(rounds.grants.deltaLink, 'oauth2PermissionGrants'),
    });
    saveIndexes(this.ctx.state, this.homeSps, this.grantClients);
  }
}
