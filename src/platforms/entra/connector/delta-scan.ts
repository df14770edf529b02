import { identityId } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { isAgentIdentity } from './agent-identities.js';
import { listAppRoleAssignments } from './app-role-assignments.js';
import { findApplicationByAppId, getApplication } from './applications.js';
import { type DeltaLinks, parseJsonState, STATE_KEYS, saveTracking } from './delta-state.js';
import { readAgentIdentitiesOf } from './agent-identity-reads.js';
import { readDirectoryRolesOf } from './directory-role-reads.js';
import { emitIdentity, type IdentityWork } from './emit.js';
import { listFederatedCredentials } from './federated-credentials.js';
import { settleOwners } from './full-scan.js';
import { type Graph, inPool, isSyncStateLost, settleAll } from './graph.js';
import type { WireApplication, WireOAuth2PermissionGrant, WireServicePrincipal, WireUser } from './graph-types.js';
import { IdentityFetcher, Relations } from './identity-fetcher.js';
import { listGrantsOfClient } from './oauth2-permission-grants.js';
import type { EntraOptions } from './options.js';
import { forEachObject, usable } from './records.js';
import {
  classifyServicePrincipal,
  getServicePrincipal,
  listServicePrincipalsOfApp,
  ownedByTenant,
  type ServicePrincipalClass,
} from './service-principals.js';
import { readCredentialSignIns } from './credential-sign-ins.js';
import { readRiskyServicePrincipals } from './risky-service-principals.js';
import { readSignIns } from './sign-in-reads.js';
import { type EntraSourceId, SOURCE } from './sources.js';
import { PeopleRound } from './people.js';
import { getUserContact, type UserContact } from './users.js';

type Ctx = ScanContext<EntraOptions>;
type Work = Omit<IdentityWork, 'pre'>;
interface Rounds {
  users: WireUser[];
  applications: WireApplication[];
  servicePrincipals: WireServicePrincipal[];
  grants: WireOAuth2PermissionGrant[];
  links: Partial<DeltaLinks>;
}

/**
 * Applies Graph's changes since the stored deltaLinks: changed users become persons again; a changed application,
 * service principal or grant re-emits the whole identity it belongs to (refetched, so credentials, owners and
 * permissions are complete); deletions become sink.remove. Unchanged tenants cost one call per delta link.
 * Returns 'lost' when Graph no longer knows a delta token (the caller runs a full scan).
 */
export async function deltaScan(ctx: Ctx, graph: Graph, links: DeltaLinks): Promise<'applied' | 'lost'> {
  const run = new DeltaRun(ctx, graph);
  const rounds = await run.readRounds(links);
  if (rounds === 'lost') return 'lost';
  await run.applyUsers(rounds.users);
  run.collectChanges(rounds.applications, rounds.servicePrincipals, rounds.grants);
  await run.applyRemovals();
  const work = await run.fetchChanged();
  await run.prefetch(work);
  await run.emitAll(work);
  await run.settleOwners();
  run.save(rounds.links);
  return 'applied';
}

/** One delta scan's working set: what changed, and the indexes it keeps up to date. */
class DeltaRun {
  private fetcher: IdentityFetcher;
  private relations = new Relations();
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

  /** The four delta rounds, each one source read; a refused optional round is empty (and the next scan full). */
  async readRounds(links: DeltaLinks): Promise<Rounds | 'lost'> {
    const users = await this.round<WireUser>(SOURCE.users, links.users, 'users.delta', 'user');
    const apps = await this.round<WireApplication>(
      SOURCE.applications,
      links.applications,
      'applications.delta',
      'application',
    );
    const sps = await this.round<WireServicePrincipal>(
      SOURCE.servicePrincipals,
      links.servicePrincipals,
      'servicePrincipals.delta',
      'servicePrincipal',
    );
    const grants = await this.round<WireOAuth2PermissionGrant>(
      SOURCE.grants,
      links.grants,
      'oauth2PermissionGrants.delta',
      'oauth2PermissionGrant',
    );
    if (users === 'lost' || apps === 'lost' || sps === 'lost' || grants === 'lost') return 'lost';
    this.fetcher.usersReadable = this.ctx.sources.status(SOURCE.users) !== 'skipped';
    return {
      users: users.items,
      applications: apps.items,
      servicePrincipals: sps.items,
      grants: grants.items,
      links: {
        users: users.deltaLink,
        applications: apps.deltaLink,
        servicePrincipals: sps.deltaLink,
        grants: grants.deltaLink,
      },
    };
  }

  private async round<T>(source: EntraSourceId, link: string, resource: string, what: string) {
    let out: { items: Array<T & { id: string }>; deltaLink: string | undefined } = { items: [], deltaLink: undefined };
    let lost = false;
    await this.ctx.sources.read(source, async (signal) => {
      try {
        const round = await this.graph.bound(signal).all<T>(link, resource);
        out = { items: await usable(this.ctx, source, round.items, what), deltaLink: round.deltaLink };
      } catch (error) {
        // Caught here, not recorded: the full scan that follows reads the source again.
        if (!isSyncStateLost(error)) throw error;
        lost = true;
      }
    });
    return lost ? ('lost' as const) : out;
  }

  async applyUsers(users: WireUser[]): Promise<void> {
    const people = new PeopleRound(this.ctx);
    for (const u of users) {
      if (u['@removed']) {
        this.ctx.log.info(`user ${u.id} was deleted in Entra (its person record stays until the next full scan)`);
        continue;
      }
      this.fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
      await people.add(u);
    }
    // A changed user's manager who did not change is asked by id (GET /users/{id}).
    await people.finish((id) => this.managerContact(id));
  }

  private async managerContact(id: string): Promise<UserContact | undefined> {
    try {
      return await getUserContact(this.graph, id);
    } catch (error) {
      this.ctx.sources.objectFailed(SOURCE.users, id, error);
      return undefined;
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

  /**
   * Refetches what changed, each list one source read: service principals first (a merged one refreshes its
   * application instead), then applications with their home SP. One object's failed refetch is recorded and skipped
   * (its stored identity stays; the next scan is full so the change is not lost).
   */
  async fetchChanged(): Promise<Work[]> {
    const work: Work[] = [];
    await this.ctx.sources.read(SOURCE.servicePrincipals, (signal) =>
      forEachObject(
        this.ctx,
        SOURCE.servicePrincipals,
        [...this.changedSps],
        (id) => this.fetchServicePrincipal(this.graph.bound(signal), id, work),
        () => {},
      ),
    );
    await this.ctx.sources.read(SOURCE.applications, (signal) =>
      forEachObject(
        this.ctx,
        SOURCE.applications,
        [...this.changedApps],
        (id) => this.fetchApplication(this.graph.bound(signal), id, work),
        () => {},
      ),
    );
    return work;
  }

  private async fetchServicePrincipal(graph: Graph, id: string, work: Work[]): Promise<void> {
    if (this.homeSps[id]) {
      this.changedApps.add(this.homeSps[id]);
      return;
    }
    const sp = await getServicePrincipal(graph, id);
    if (!sp) {
      await this.ctx.sink.remove(identityId('entra', this.ctx.tenant, 'servicePrincipal', id));
      return;
    }
    const cls = await this.classify(graph, sp);
    if (cls !== 'first_party' && cls !== 'home_app') work.push({ app: null, sp, cls });
  }

  /** Classifies a refetched SP; one of a home application is merged into it (that application is refreshed). */
  private async classify(graph: Graph, sp: WireServicePrincipal): Promise<ServicePrincipalClass> {
    const { tenantId } = this.ctx.options;
    const mayBeHome = ownedByTenant(sp, tenantId) && !!sp.appId && !isAgentIdentity(sp);
    const homeApp = mayBeHome && sp.appId ? await findApplicationByAppId(graph, sp.appId) : undefined;
    const cls = classifyServicePrincipal(sp, tenantId, new Set(homeApp && sp.appId ? [sp.appId] : []));
    if (cls === 'home_app' && homeApp) {
      this.homeSps[sp.id] = homeApp.id;
      this.changedApps.add(homeApp.id);
    }
    return cls;
  }

  /** Refetches an application and its home SP (if any). */
  private async fetchApplication(graph: Graph, id: string, work: Work[]): Promise<void> {
    const app = await getApplication(graph, id);
    if (!app) {
      await this.ctx.sink.remove(identityId('entra', this.ctx.tenant, 'application', id));
      return;
    }
    const candidates = app.appId ? await listServicePrincipalsOfApp(graph, app.appId) : [];
    const sp = candidates.find((s) => ownedByTenant(s, this.ctx.options.tenantId)) ?? null;
    for (const [spId, appObj] of Object.entries(this.homeSps))
      if (appObj === app.id && spId !== sp?.id) delete this.homeSps[spId];
    if (sp) this.homeSps[sp.id] = app.id;
    work.push({ app, sp, cls: sp ? 'home_app' : null });
  }

  /**
   * What the changed identities need from the sources that fill fields, read before any of them is emitted:
   * their app role assignments, grants, federated credentials, directory roles and agents' sponsors one object at
   * a time, and sign-in activity.
   */
  async prefetch(work: Work[]): Promise<void> {
    const spIds = work.flatMap((w) => (w.sp ? [w.sp.id] : []));
    const agentIds = work.flatMap((w) => (w.sp && isAgentIdentity(w.sp) ? [w.sp.id] : []));
    const appObjectIds = work.flatMap((w) => (w.app ? [w.app.id] : []));
    const appIds = work.map((w) => w.app?.appId ?? w.sp?.appId).filter((x): x is string => !!x);
    const { assignments, fics } = this.relations;
    await settleAll([
      this.perObject(
        SOURCE.appRoleAssignments,
        spIds,
        async (graph, id) => assignments.complete(id, await listAppRoleAssignments(graph, id)),
        (id) => assignments.fail(id),
      ),
      this.perObject(
        SOURCE.grants,
        spIds,
        async (graph, id) => {
          for (const g of await listGrantsOfClient(graph, id)) this.relations.addGrant(id, g);
        },
        (id) => this.relations.grantsFailed.add(id),
      ),
      this.perObject(
        SOURCE.federatedCredentials,
        appObjectIds,
        async (graph, id) => fics.complete(id, await listFederatedCredentials(graph, id)),
        (id) => fics.fail(id),
      ),
      readDirectoryRolesOf(this.ctx, this.graph, this.fetcher, this.relations, spIds),
      readAgentIdentitiesOf(this.ctx, this.graph, this.relations, agentIds),
      // The list holds only the principals Identity Protection rated: read whole, once, when something changed.
      spIds.length > 0 ? readRiskyServicePrincipals(this.ctx, this.graph, this.fetcher) : Promise.resolve(),
      // No per-object form is documented: read whole when an identity changed (beta option only).
      work.length > 0 ? readCredentialSignIns(this.ctx, this.graph, this.fetcher) : Promise.resolve(),
      // No identity to fill, no call: the source stays not-run.
      appIds.length > 0 ? readSignIns(this.ctx, this.graph, this.fetcher, [...new Set(appIds)]) : Promise.resolve(),
    ] as const);
  }

  /**
   * One source read of per-object calls; a refusal (401/403) skips the whole source. Without objects to ask, the
   * source is not read at all (not-run: none of its endpoints was called).
   */
  private async perObject(
    source: EntraSourceId,
    ids: string[],
    call: (graph: Graph, id: string) => Promise<void>,
    onFailed: (id: string) => void,
  ): Promise<boolean> {
    if (ids.length === 0) return true;
    return this.ctx.sources.read(source, (signal) =>
      forEachObject(this.ctx, source, ids, (id) => call(this.graph.bound(signal), id), onFailed, true),
    );
  }

  settleOwners(): Promise<void> {
    return settleOwners(this.ctx, this.fetcher);
  }

  async emitAll(work: Work[]): Promise<void> {
    await inPool(work, this.ctx.options.concurrency, (w) =>
      emitIdentity(this.ctx, this.fetcher, w.app ? SOURCE.applications : SOURCE.servicePrincipals, {
        ...w,
        pre: this.relations.take(w.app?.id ?? null, w.sp?.id ?? null),
      }),
    );
  }

  save(links: Partial<DeltaLinks>): void {
    saveTracking(this.ctx, links, this.homeSps, this.grantClients);
  }
}
