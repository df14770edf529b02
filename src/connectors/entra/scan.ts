import { identityId } from '../../model/index.js';
import type { ScanContext, ScanResult } from '../runtime/connector.js';
import { APP_SELECT } from './applications.js';
import type { ResourceInfo } from './app-role-assignments.js';
import { createGraphSession } from './client.js';
import { Graph, inPool, isSyncStateLost, q, statusOf } from './graph.js';
import type {
  WireApplication, WireAppRoleAssignment, WireDirectoryObject, WireFederatedIdentityCredential, WireOAuth2PermissionGrant,
  WireServicePrincipal, WireServicePrincipalSignInActivity, WireUser,
} from './graph-types.js';
import { assembleIdentity, type IdentityParts } from './identity.js';
import type { EntraOptions } from './options.js';
import { classifyServicePrincipal, SP_SELECT, type ServicePrincipalClass } from './service-principals.js';
import { transformUser, USER_SELECT } from './users.js';

/** Keys in ctx.state (per tenant, committed only after a successful run). */
export const STATE_KEYS = {
  users: 'delta:users',
  applications: 'delta:applications',
  servicePrincipals: 'delta:servicePrincipals',
  grants: 'delta:oauth2PermissionGrants',
  /** JSON {servicePrincipalId: applicationObjectId} for SPs merged into their home application's identity. */
  homeServicePrincipals: 'index:homeServicePrincipals',
  /** JSON {grantId: clientServicePrincipalId}: a deleted grant arrives as an id only. */
  grantClients: 'index:grantClients',
  lastFullScanAt: 'lastFullScanAt',
} as const;

const PER_APP_SIGN_IN_LIMIT = 20;
const OWNER_EXPAND = '$expand=owners($select=id,mail,userPrincipalName)';
/** Graph returns at most 20 expanded objects; with 20 we list the owners explicitly. */
const EXPAND_LIMIT = 20;
const USERS_DELTA = `/users/delta?$select=${USER_SELECT.join(',')}&$expand=manager($select=id,mail,userPrincipalName)`;
const APPS_SELECT = APP_SELECT.join(',');
const SPS_SELECT = SP_SELECT.join(',');

type UserLookup = Map<string, { mail?: string | null; userPrincipalName?: string | null }>;

function parseJsonState(value: string | undefined): Record<string, string> {
  if (!value) return {};
  try {
    return JSON.parse(value) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function scanEntra(ctx: ScanContext<EntraOptions>): Promise<ScanResult> {
  const options = ctx.options;
  const session = createGraphSession(options, ctx);
  const graph = new Graph(session.client, ctx);
  try {
    const links = [STATE_KEYS.users, STATE_KEYS.applications, STATE_KEYS.servicePrincipals, STATE_KEYS.grants].map((k) => ctx.state.get(k));
    const lastFull = ctx.state.get(STATE_KEYS.lastFullScanAt);
    const fresh = lastFull !== undefined && options.fullScanEveryHours > 0
      && ctx.clock.now().getTime() - Date.parse(lastFull) < options.fullScanEveryHours * 3_600_000;
    if (links.every((l) => !!l) && fresh) {
      try {
        await deltaScan(ctx, graph, links as string[]);
        return { mode: 'incremental' };
      } catch (error) {
        if (!isSyncStateLost(error)) throw error;
        ctx.log.warn('Graph no longer knows a stored delta token (sync state expired); running a full scan instead');
      }
    }
    await fullScan(ctx, graph);
    return { mode: 'full' };
  } finally {
    session.close();
  }
}

/** Everything the per-identity fetches share within one scan. */
class Fetcher {
  private resources = new Map<string, ResourceInfo>();
  private resourceFetches = new Map<string, Promise<void>>();
  readonly users: UserLookup = new Map();
  signIns = new Map<string, WireServicePrincipalSignInActivity>();
  signInTracked = true;
  /** Delta scans with few changes ask the report per appId instead of listing it whole. */
  signInsPerApp = false;

  constructor(private ctx: ScanContext<EntraOptions>, private graph: Graph) {}

  addResource(sp: WireServicePrincipal): void {
    this.resources.set(sp.id, { id: sp.id, appId: sp.appId ?? null, displayName: sp.displayName ?? null, appRoles: sp.appRoles ?? [] });
  }

  /** Resource SPs named by assignments/grants but not listed in this scan (delta scans) are fetched once. */
  async ensureResources(ids: Iterable<string>): Promise<Map<string, ResourceInfo>> {
    for (const id of ids) {
      if (this.resources.has(id)) continue;
      if (!this.resourceFetches.has(id)) {
        this.resourceFetches.set(id, (async () => {
          const sp = await this.graph.get<WireServicePrincipal>(`/servicePrincipals/${q(id)}?$select=id,appId,displayName,appRoles`, 'servicePrincipals');
          if (sp) this.addResource(sp);
        })());
      }
      await this.resourceFetches.get(id);
    }
    return this.resources;
  }

  async ensureUsers(ids: string[]): Promise<void> {
    for (const id of ids) {
      if (this.users.has(id)) continue;
      const u = await this.graph.get<WireUser>(`/users/${q(id)}?$select=id,mail,userPrincipalName`, 'users');
      this.users.set(id, u ?? {});
    }
  }

  async owners(kind: 'applications' | 'servicePrincipals', obj: { id: string; owners?: WireDirectoryObject[] }): Promise<WireDirectoryObject[]> {
    if (obj.owners && obj.owners.length < EXPAND_LIMIT) return obj.owners;
    return (await this.graph.all<WireDirectoryObject>(`/${kind}/${q(obj.id)}/owners?$select=id,mail,userPrincipalName`, `${kind}.owners`)).items;
  }

  async loadSignIns(filterAppId?: string): Promise<void> {
    const path = filterAppId
      ? `/reports/servicePrincipalSignInActivities?$filter=${q(`appId eq '${filterAppId}'`)}`
      : '/reports/servicePrincipalSignInActivities?$top=999';
    try {
      const { items } = await this.graph.all<WireServicePrincipalSignInActivity>(path, 'servicePrincipalSignInActivities', 'beta');
      for (const a of items) if (a.appId) this.signIns.set(a.appId, a);
    } catch (error) {
      const status = statusOf(error);
      if (status !== 403 && status !== 400 && status !== 404) throw error;
      // Needs AuditLog.Read.All and an Entra ID P1/P2 licence; without it usage is unknown, not "never used".
      if (this.signInTracked) this.ctx.log.warn(`sign-in activity report unavailable (HTTP ${status}): lastUsedAt will not be set; grant AuditLog.Read.All (needs Entra ID P1/P2)`);
      this.signInTracked = false;
    }
  }

  /** Builds the identity of an application and/or a service principal, fetching what hangs off them. */
  async build(
    tenant: string,
    app: WireApplication | null,
    sp: WireServicePrincipal | null,
    spClass: ServicePrincipalClass | null,
    pre: { grants?: WireOAuth2PermissionGrant[]; fics?: WireFederatedIdentityCredential[] } = {},
  ): Promise<IdentityParts> {
    const [appOwners, spOwners, fics, assignments, grants] = await Promise.all([
      app ? this.owners('applications', app) : Promise.resolve([]),
      sp ? this.owners('servicePrincipals', sp) : Promise.resolve([]),
      app ? (pre.fics ? Promise.resolve(pre.fics) : this.graph.all<WireFederatedIdentityCredential>(`/applications/${q(app.id)}/federatedIdentityCredentials`, 'federatedIdentityCredentials').then((r) => r.items)) : Promise.resolve([]),
      sp ? this.graph.all<WireAppRoleAssignment>(`/servicePrincipals/${q(sp.id)}/appRoleAssignments`, 'appRoleAssignments').then((r) => r.items) : Promise.resolve([]),
      sp ? (pre.grants ? Promise.resolve(pre.grants) : this.graph.all<WireOAuth2PermissionGrant>(`/servicePrincipals/${q(sp.id)}/oauth2PermissionGrants`, 'oauth2PermissionGrants').then((r) => r.items)) : Promise.resolve([]),
    ]);
    const resources = await this.ensureResources([...assignments.map((a) => a.resourceId), ...grants.map((g) => g.resourceId)].filter((x): x is string => !!x));
    const consenters = [...new Set(grants.filter((g) => g.consentType === 'Principal' && g.principalId).map((g) => g.principalId as string))];
    if (consenters.length === 1) await this.ensureUsers(consenters);
    const appId = app?.appId ?? sp?.appId ?? undefined;
    if (appId && this.signInsPerApp && this.signInTracked && !this.signIns.has(appId)) await this.loadSignIns(appId);
    return {
      tenant,
      application: app,
      servicePrincipal: sp,
      spClass,
      appOwners,
      spOwners,
      federatedCredentials: fics,
      appRoleAssignments: assignments,
      grants,
      resources,
      userLookup: (id) => this.users.get(id),
      signIn: appId ? this.signIns.get(appId) : undefined,
      signInTracked: this.signInTracked,
    };
  }
}

async function fullScan(ctx: ScanContext<EntraOptions>, graph: Graph): Promise<void> {
  const { tenant, options } = ctx;
  const fetcher = new Fetcher(ctx, graph);
  const top = `$top=${options.pageSize}`;

  // Delta tokens for apps and SPs are taken *before* listing, so nothing that changes while we list is lost.
  const appsLatest = await graph.all(`/applications/delta?$select=id&$deltatoken=latest`, 'applications.delta');
  const spsLatest = await graph.all(`/servicePrincipals/delta?$select=id,appId,appOwnerOrganizationId&$deltatoken=latest`, 'servicePrincipals.delta');

  // People: the initial delta round lists every user and ends with the users deltaLink.
  const users = await graph.all<WireUser>(USERS_DELTA, 'users.delta');
  for (const u of users.items) {
    if (u['@removed']) continue;
    fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
    await ctx.sink.person(transformUser(tenant, u));
  }
  const grants = await graph.all<WireOAuth2PermissionGrant>('/oauth2PermissionGrants/delta', 'oauth2PermissionGrants.delta');
  const apps = (await graph.all<WireApplication>(`/applications?$select=${APPS_SELECT}&${OWNER_EXPAND}&${top}`, 'applications')).items;
  const sps = (await graph.all<WireServicePrincipal>(`/servicePrincipals?$select=${SPS_SELECT}&${OWNER_EXPAND}&${top}`, 'servicePrincipals')).items;
  await fetcher.loadSignIns();

  const homeAppIds = new Set(apps.map((a) => a.appId).filter((x): x is string => !!x));
  const grantsByClient = new Map<string, WireOAuth2PermissionGrant[]>();
  const grantClients: Record<string, string> = {};
  for (const g of grants.items) {
    if (g['@removed'] || !g.clientId) continue;
    (grantsByClient.get(g.clientId) ?? grantsByClient.set(g.clientId, []).get(g.clientId)!).push(g);
    grantClients[g.id] = g.clientId;
  }
  for (const sp of sps) fetcher.addResource(sp);

  const homeSps: Record<string, string> = {};
  const spByAppId = new Map<string, WireServicePrincipal>();
  const others: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }> = [];
  for (const sp of sps) {
    const cls = classifyServicePrincipal(sp, options.tenantId, homeAppIds);
    if (cls === 'home_app') spByAppId.set(sp.appId!, sp);
    else if (cls !== 'first_party') others.push({ sp, cls });
  }
  await inPool(apps, options.concurrency, async (app) => {
    const sp = app.appId ? spByAppId.get(app.appId) ?? null : null;
    if (sp) homeSps[sp.id] = app.id;
    const parts = await fetcher.build(tenant, app, sp, sp ? 'home_app' : null, { grants: sp ? grantsByClient.get(sp.id) ?? [] : [] });
    await ctx.sink.identity(assembleIdentity(parts));
  });
  await inPool(others, options.concurrency, async ({ sp, cls }) => {
    const parts = await fetcher.build(tenant, null, sp, cls, { grants: grantsByClient.get(sp.id) ?? [] });
    await ctx.sink.identity(assembleIdentity(parts));
  });

  const required = (link: string | undefined, what: string) => {
    if (!link) throw new Error(`Graph returned no @odata.deltaLink for ${what}; cannot track changes`);
    return link;
  };
  ctx.state.set(STATE_KEYS.users, required(users.deltaLink, 'users'));
  ctx.state.set(STATE_KEYS.applications, required(appsLatest.deltaLink, 'applications'));
  ctx.state.set(STATE_KEYS.servicePrincipals, required(spsLatest.deltaLink, 'servicePrincipals'));
  ctx.state.set(STATE_KEYS.grants, required(grants.deltaLink, 'oauth2PermissionGrants'));
  ctx.state.set(STATE_KEYS.homeServicePrincipals, JSON.stringify(homeSps));
  ctx.state.set(STATE_KEYS.grantClients, JSON.stringify(grantClients));
  ctx.state.set(STATE_KEYS.lastFullScanAt, ctx.clock.now().toISOString());
}

/**
 * Applies Graph's changes since the stored deltaLinks: changed users become persons again; a changed application,
 * service principal or grant re-emits the whole identity it belongs to (refetched, so credentials, owners and
 * permissions are complete); deletions become sink.remove. Unchanged tenants cost one call per delta link.
 */
async function deltaScan(ctx: ScanContext<EntraOptions>, graph: Graph, links: string[]): Promise<void> {
  const { tenant, options } = ctx;
  const [usersLink, appsLink, spsLink, grantsLink] = links;
  const fetcher = new Fetcher(ctx, graph);
  const homeSps = parseJsonState(ctx.state.get(STATE_KEYS.homeServicePrincipals));
  const grantClients = parseJsonState(ctx.state.get(STATE_KEYS.grantClients));

  const users = await graph.all<WireUser>(usersLink, 'users.delta');
  const apps = await graph.all<WireApplication>(appsLink, 'applications.delta');
  const sps = await graph.all<WireServicePrincipal>(spsLink, 'servicePrincipals.delta');
  const grants = await graph.all<WireOAuth2PermissionGrant>(grantsLink, 'oauth2PermissionGrants.delta');

  for (const u of users.items) {
    if (u['@removed']) {
      ctx.log.info(`user ${u.id} was deleted in Entra (its person record stays until the next full scan)`);
      continue;
    }
    fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
    await ctx.sink.person(transformUser(tenant, u));
  }

  const removedApps = new Set(apps.items.filter((a) => a['@removed']).map((a) => a.id));
  const changedApps = new Set(apps.items.filter((a) => !a['@removed']).map((a) => a.id));
  const removedSps = new Set(sps.items.filter((s) => s['@removed']).map((s) => s.id));
  const changedSps = new Set(sps.items.filter((s) => !s['@removed']).map((s) => s.id));
  for (const g of grants.items) {
    const client = g['@removed'] ? grantClients[g.id] : g.clientId ?? undefined;
    if (g['@removed']) delete grantClients[g.id];
    else if (g.clientId) grantClients[g.id] = g.clientId;
    if (client) changedSps.add(client);
  }

  for (const id of removedApps) {
    await ctx.sink.remove(identityId('entra', tenant, 'application', id));
    changedApps.delete(id);
  }
  for (const id of removedSps) {
    const app = homeSps[id];
    delete homeSps[id];
    changedSps.delete(id);
    if (app && !removedApps.has(app)) changedApps.add(app);
    else if (!app) await ctx.sink.remove(identityId('entra', tenant, 'servicePrincipal', id));
  }

  // Changed SPs: merged ones refresh their application; the rest are refetched and classified.
  const spWork: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }> = [];
  await inPool([...changedSps], options.concurrency, async (id) => {
    if (homeSps[id]) {
      changedApps.add(homeSps[id]);
      return;
    }
    const sp = await graph.get<WireServicePrincipal>(`/servicePrincipals/${q(id)}?$select=${SPS_SELECT}&${OWNER_EXPAND}`, 'servicePrincipals');
    if (!sp) {
      await ctx.sink.remove(identityId('entra', tenant, 'servicePrincipal', id));
      return;
    }
    const homeApp = sp.appOwnerOrganizationId?.toLowerCase() === options.tenantId.toLowerCase() && sp.appId
      ? (await graph.all<WireApplication>(`/applications?$filter=${q(`appId eq '${sp.appId}'`)}&$select=id`, 'applications')).items[0]
      : undefined;
    const cls = classifyServicePrincipal(sp, options.tenantId, new Set(homeApp && sp.appId ? [sp.appId] : []));
    if (cls === 'home_app' && homeApp) {
      homeSps[sp.id] = homeApp.id;
      changedApps.add(homeApp.id);
    } else if (cls !== 'first_party') spWork.push({ sp, cls });
  });

  // Usage of a few changed identities: one filtered report call each; of many: the whole report once.
  const affected = changedApps.size + spWork.length;
  if (affected > PER_APP_SIGN_IN_LIMIT) await fetcher.loadSignIns();
  else fetcher.signInsPerApp = true;

  await inPool([...changedApps], options.concurrency, async (id) => {
    const app = await graph.get<WireApplication>(`/applications/${q(id)}?$select=${APPS_SELECT}&${OWNER_EXPAND}`, 'applications');
    if (!app) {
      await ctx.sink.remove(identityId('entra', tenant, 'application', id));
      return;
    }
    const candidates = app.appId
      ? (await graph.all<WireServicePrincipal>(`/servicePrincipals?$filter=${q(`appId eq '${app.appId}'`)}&$select=${SPS_SELECT}&${OWNER_EXPAND}`, 'servicePrincipals')).items
      : [];
    const sp = candidates.find((s) => s.appOwnerOrganizationId?.toLowerCase() === options.tenantId.toLowerCase()) ?? null;
    for (const [spId, appObj] of Object.entries(homeSps)) if (appObj === app.id && spId !== sp?.id) delete homeSps[spId];
    if (sp) homeSps[sp.id] = app.id;
    await ctx.sink.identity(assembleIdentity(await fetcher.build(tenant, app, sp, sp ? 'home_app' : null)));
  });
  await inPool(spWork, options.concurrency, async ({ sp, cls }) => {
    await ctx.sink.identity(assembleIdentity(await fetcher.build(tenant, null, sp, cls)));
  });

  const keep = (key: string, link: string | undefined, what: string) => {
    if (!link) throw new Error(`Graph returned no @odata.deltaLink for ${what}`);
    ctx.state.set(key, link);
  };
  keep(STATE_KEYS.users, users.deltaLink, 'users');
  keep(STATE_KEYS.applications, apps.deltaLink, 'applications');
  keep(STATE_KEYS.servicePrincipals, sps.deltaLink, 'servicePrincipals');
  keep(STATE_KEYS.grants, grants.deltaLink, 'oauth2PermissionGrants');
  ctx.state.set(STATE_KEYS.homeServicePrincipals, JSON.stringify(homeSps));
  ctx.state.set(STATE_KEYS.grantClients, JSON.stringify(grantClients));
}
