import { identityId } from '../../../model/index.js';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { APP_SELECT } from './applications.js';
import type { ResourceInfo } from './app-role-assignments.js';
import { createGraphSession } from './client.js';
import { Graph, inPool, isSyncStateLost, q, statusOf } from './graph.js';
import type {
  WireApplication,
  WireAppRoleAssignment,
  WireDirectoryObject,
  WireFederatedIdentityCredential,
  WireOAuth2PermissionGrant,
  WireServicePrincipal,
  WireServicePrincipalSignInActivity,
  WireUser,
} from './graph-types.js';
import { assembleIdentity, type IdentityParts } from './identity.js';
import type { EntraOptions } from './options.js';
import { classifyServicePrincipal, SP_SELECT, type ServicePrincipalClass } from './service-principals.js';
import { packSignInActivity, unpackSignInActivity } from './sign-in-activity.js';
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
/**
 * Graph returns at most 20 objects of an expanded collection on a directory object, and no nextLink for the rest;
 * with 20 we list that object's relationship explicitly (owners, appRoleAssignments, federatedIdentityCredentials).
 */
const EXPAND_LIMIT = 20;
const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';
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
    const links = [STATE_KEYS.users, STATE_KEYS.applications, STATE_KEYS.servicePrincipals, STATE_KEYS.grants].map(
      (k) => ctx.state.get(k),
    );
    const lastFull = ctx.state.get(STATE_KEYS.lastFullScanAt);
    const fresh =
      lastFull !== undefined &&
      options.fullScanEveryHours > 0 &&
      ctx.clock.now().getTime() - Date.parse(lastFull) < options.fullScanEveryHours * 3_600_000;
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
  /** appId → packed sign-in activity (sign-in-activity.ts). */
  signIns = new Map<string, string>();
  signInTracked = true;
  /** Delta scans with few changes ask the report per appId instead of listing it whole. */
  signInsPerApp = false;

  constructor(
    private ctx: ScanContext<EntraOptions>,
    private graph: Graph,
  ) {}

  addResource(sp: WireServicePrincipal): void {
    this.resources.set(sp.id, {
      id: sp.id,
      appId: sp.appId ?? null,
      displayName: sp.displayName ?? null,
      appRoles: sp.appRoles ?? [],
    });
  }

  /** Resource SPs named by assignments/grants but not listed in this scan (delta scans) are fetched once. */
  async ensureResources(ids: Iterable<string>): Promise<Map<string, ResourceInfo>> {
    for (const id of ids) {
      if (this.resources.has(id)) continue;
      if (!this.resourceFetches.has(id)) {
        this.resourceFetches.set(
          id,
          (async () => {
            const sp = await this.graph.get<WireServicePrincipal>(
              `/servicePrincipals/${q(id)}?$select=id,appId,displayName,appRoles`,
              'servicePrincipals',
            );
            if (sp) this.addResource(sp);
          })(),
        );
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

  async owners(
    kind: 'applications' | 'servicePrincipals',
    obj: { id: string; owners?: WireDirectoryObject[] },
  ): Promise<WireDirectoryObject[]> {
    if (obj.owners && obj.owners.length < EXPAND_LIMIT) return obj.owners;
    return (
      await this.graph.all<WireDirectoryObject>(
        `/${kind}/${q(obj.id)}/owners?$select=id,mail,userPrincipalName`,
        `${kind}.owners`,
      )
    ).items;
  }

  async loadSignIns(filterAppId?: string): Promise<void> {
    const path = filterAppId
      ? `/reports/servicePrincipalSignInActivities?$filter=${q(`appId eq '${filterAppId}'`)}`
      : '/reports/servicePrincipalSignInActivities?$top=999';
    try {
      await this.graph.each<WireServicePrincipalSignInActivity>(
        path,
        'servicePrincipalSignInActivities',
        (page) => {
          for (const a of page) if (a.appId) this.signIns.set(a.appId, packSignInActivity(a));
        },
        'beta',
      );
    } catch (error) {
      const status = statusOf(error);
      if (status !== 403 && status !== 400 && status !== 404) throw error;
      // Needs AuditLog.Read.All and an Entra ID P1/P2 licence; without it usage is unknown, not "never used".
      if (this.signInTracked)
        this.ctx.log.warn(
          `sign-in activity report unavailable (HTTP ${status}): lastUsedAt will not be set; grant AuditLog.Read.All (needs Entra ID P1/P2)`,
        );
      this.signInTracked = false;
    }
  }

  /**
   * Builds the identity of an application and/or a service principal, fetching what hangs off them unless `pre`
   * already has it (the full scan's expanded listings; undefined = list it with a per-item call).
   */
  async build(
    tenant: string,
    app: WireApplication | null,
    sp: WireServicePrincipal | null,
    spClass: ServicePrincipalClass | null,
    pre: {
      grants?: WireOAuth2PermissionGrant[];
      fics?: WireFederatedIdentityCredential[];
      assignments?: WireAppRoleAssignment[];
    } = {},
  ): Promise<IdentityParts> {
    const [appOwners, spOwners, fics, assignments, grants] = await Promise.all([
      app ? this.owners('applications', app) : Promise.resolve([]),
      sp ? this.owners('servicePrincipals', sp) : Promise.resolve([]),
      app
        ? pre.fics
          ? Promise.resolve(pre.fics)
          : this.graph
              .all<WireFederatedIdentityCredential>(
                `/applications/${q(app.id)}/federatedIdentityCredentials`,
                'federatedIdentityCredentials',
              )
              .then((r) => r.items)
        : Promise.resolve([]),
      sp
        ? pre.assignments
          ? Promise.resolve(pre.assignments)
          : this.graph
              .all<WireAppRoleAssignment>(`/servicePrincipals/${q(sp.id)}/appRoleAssignments`, 'appRoleAssignments')
              .then((r) => r.items)
        : Promise.resolve([]),
      sp
        ? pre.grants
          ? Promise.resolve(pre.grants)
          : this.graph
              .all<WireOAuth2PermissionGrant>(
                `/servicePrincipals/${q(sp.id)}/oauth2PermissionGrants`,
                'oauth2PermissionGrants',
              )
              .then((r) => r.items)
        : Promise.resolve([]),
    ]);
    // Default-access assignments carry no permission (the transform skips them), so their resource is not needed.
    const resources = await this.ensureResources(
      [
        ...assignments.filter((a) => a.appRoleId !== DEFAULT_ACCESS_ROLE).map((a) => a.resourceId),
        ...grants.map((g) => g.resourceId),
      ].filter((x): x is string => !!x),
    );
    const consenters = [
      ...new Set(
        grants.filter((g) => g.consentType === 'Principal' && g.principalId).map((g) => g.principalId as string),
      ),
    ];
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
      signIn: appId && this.signIns.has(appId) ? unpackSignInActivity(this.signIns.get(appId)!) : undefined,
      signInTracked: this.signInTracked,
    };
  }
}

/** Promise.all that lets every task settle (no request left running after a failure), then throws the first error. */
async function settleAll<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** What one scan keeps of an expanded relationship: only non-empty lists; ids whose expansion hit the cap. */
class Expanded<T> {
  readonly lists = new Map<string, T[]>();
  readonly capped = new Set<string>();

  add(id: string, items: T[] | undefined): void {
    if (!items || items.length === 0) return;
    if (items.length >= EXPAND_LIMIT) this.capped.add(id);
    else this.lists.set(id, items);
  }

  /** The object's list ([] when empty), or undefined when it has to be listed per item; forgotten once taken. */
  take(id: string): T[] | undefined {
    if (this.capped.has(id)) {
      this.capped.delete(id);
      return undefined;
    }
    const items = this.lists.get(id) ?? [];
    this.lists.delete(id);
    return items;
  }
}

/**
 * One copy of each repeated value (resource ids, role ids, scopes): a full scan holds every grant and assignment of
 * the tenant until its service principal is listed, and JSON.parse gives each occurrence its own string.
 */
function stringPool(): <S extends string | null | undefined>(s: S) => S {
  const pool = new Map<string, string>();
  return (s) => {
    if (typeof s !== 'string') return s;
    const known = pool.get(s);
    if (known !== undefined) return known as typeof s;
    pool.set(s, s);
    return s;
  };
}

/** The fields of an app role assignment the transform reads (the expanded objects carry principal fields too). */
function compactAssignment(a: WireAppRoleAssignment, intern: ReturnType<typeof stringPool>): WireAppRoleAssignment {
  return {
    id: a.id,
    appRoleId: intern(a.appRoleId),
    resourceId: intern(a.resourceId),
    resourceDisplayName: intern(a.resourceDisplayName),
    createdDateTime: a.createdDateTime,
  };
}

/** A held home service principal keeps only what the identity reads (not appRoles/oauth2PermissionScopes/tags). */
function compactServicePrincipal(sp: WireServicePrincipal): WireServicePrincipal {
  const { appRoles: _r, oauth2PermissionScopes: _s, tags: _t, ...rest } = sp;
  return rest;
}

/**
 * Full scan, streamed (docs/connectors/entra.md "Scans and calls"): compact lookups first (grants, the people
 * consent claims need, sign-in activity, app role assignments, federated credentials, each from a list request),
 * then service principals and applications page by page. Only the service principals that may belong to an
 * application of this tenant are held until their application arrives.
 */
async function fullScan(ctx: ScanContext<EntraOptions>, graph: Graph): Promise<void> {
  const { tenant, options } = ctx;
  const fetcher = new Fetcher(ctx, graph);
  const top = `$top=${options.pageSize}`;
  const tenantId = options.tenantId.toLowerCase();

  // Delta tokens for apps and SPs are taken *before* listing, so nothing that changes while we list is lost.
  const appsLatest = await graph.all(`/applications/delta?$select=id&$deltatoken=latest`, 'applications.delta');
  const spsLatest = await graph.all(
    `/servicePrincipals/delta?$select=id,appId,appOwnerOrganizationId&$deltatoken=latest`,
    'servicePrincipals.delta',
  );

  // Lookups, from list requests. Independent ones run side by side (the users wanted and the resources kept
  // depend on the grants); everything settles before the first identity is emitted.
  const grantsByClient = new Map<string, WireOAuth2PermissionGrant[]>();
  const grantClients: Record<string, string> = {};
  const grantResources = new Set<string>();
  const assignments = new Expanded<WireAppRoleAssignment>();
  const fics = new Expanded<WireFederatedIdentityCredential>();
  const intern = stringPool();

  // Delegated consents, by client service principal.
  const loadGrants = () =>
    graph.each<WireOAuth2PermissionGrant>('/oauth2PermissionGrants/delta', 'oauth2PermissionGrants.delta', (page) => {
      for (const g of page) {
        if (g['@removed'] || !g.clientId) continue;
        const compact: WireOAuth2PermissionGrant = {
          id: g.id,
          clientId: intern(g.clientId),
          consentType: intern(g.consentType),
          principalId: intern(g.principalId),
          resourceId: intern(g.resourceId),
          scope: intern(g.scope),
        };
        const client = compact.clientId!;
        (grantsByClient.get(client) ?? grantsByClient.set(client, []).get(client)!).push(compact);
        grantClients[g.id] = client;
        if (g.resourceId) grantResources.add(g.resourceId);
      }
    });

  // People: the initial delta round lists every user and ends with the users deltaLink. A consenting_user claim
  // needs the mail/UPN of a client's only self-consenting user: only those users are kept.
  const loadUsers = () => {
    const wanted = new Set<string>();
    for (const list of grantsByClient.values()) {
      const consenters = new Set(
        list.filter((g) => g.consentType === 'Principal' && g.principalId).map((g) => g.principalId as string),
      );
      if (consenters.size === 1) wanted.add([...consenters][0]);
    }
    return graph.each<WireUser>(USERS_DELTA, 'users.delta', async (page) => {
      for (const u of page) {
        if (u['@removed']) continue;
        if (wanted.has(u.id)) fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
        await ctx.sink.person(transformUser(tenant, u));
      }
    });
  };

  // Application permissions: one $expand per request, so a listing of its own (ids, plus what a resource needs:
  // a resource can come after its clients in the listing).
  const loadAssignments = async () => {
    const candidates = new Map<string, WireServicePrincipal>();
    await graph.each<WireServicePrincipal & { appRoleAssignments?: WireAppRoleAssignment[] }>(
      `/servicePrincipals?$select=id,appId,displayName,appRoles&$expand=appRoleAssignments&${top}`,
      'servicePrincipals.appRoleAssignments',
      (page) => {
        for (const sp of page) {
          assignments.add(
            sp.id,
            sp.appRoleAssignments?.map((a) => compactAssignment(a, intern)),
          );
          // Resources: SPs that define app roles or are named by a grant (compact; pruned to the referenced ones).
          if ((sp.appRoles?.length ?? 0) > 0 || grantResources.has(sp.id))
            candidates.set(sp.id, { id: sp.id, appId: sp.appId, displayName: sp.displayName, appRoles: sp.appRoles });
        }
      },
    );
    const referenced = new Set(grantResources);
    for (const list of assignments.lists.values())
      for (const a of list) if (a.resourceId && a.appRoleId !== DEFAULT_ACCESS_ROLE) referenced.add(a.resourceId);
    for (const sp of candidates.values()) if (referenced.has(sp.id)) fetcher.addResource(sp);
  };

  // Federated credentials of applications, likewise.
  const loadFics = () =>
    graph.each<{ id: string; federatedIdentityCredentials?: WireFederatedIdentityCredential[] }>(
      `/applications?$select=id&$expand=federatedIdentityCredentials&${top}`,
      'applications.federatedIdentityCredentials',
      (page) => {
        for (const a of page) fics.add(a.id, a.federatedIdentityCredentials);
      },
    );

  const [{ grants, users }] = await settleAll([
    (async () => {
      const grantsDone = await loadGrants();
      const [usersDone] = await settleAll([loadUsers(), loadAssignments()] as const);
      return { grants: grantsDone, users: usersDone };
    })(),
    fetcher.loadSignIns(),
    loadFics(),
  ] as const);

  const grantsOf = (spId: string) => {
    const list = grantsByClient.get(spId) ?? [];
    grantsByClient.delete(spId);
    return list;
  };
  const emit = async (
    app: WireApplication | null,
    sp: WireServicePrincipal | null,
    cls: ServicePrincipalClass | null,
  ) => {
    const parts = await fetcher.build(tenant, app, sp, cls, {
      grants: sp ? grantsOf(sp.id) : [],
      assignments: sp ? assignments.take(sp.id) : [],
      fics: app ? fics.take(app.id) : [],
    });
    await ctx.sink.identity(assembleIdentity(parts));
  };

  // Service principals: emitted as they come, except possible home-app SPs (held until their application).
  const heldHome = new Map<string, WireServicePrincipal>();
  const noHomeAppsYet: ReadonlySet<string> = new Set();
  await graph.each<WireServicePrincipal>(
    `/servicePrincipals?$select=${SPS_SELECT}&${OWNER_EXPAND}&${top}`,
    'servicePrincipals',
    async (page) => {
      const now: Array<{ sp: WireServicePrincipal; cls: ServicePrincipalClass }> = [];
      for (const sp of page) {
        // Without the applications yet, a home-tenant SP with an appId classifies as home_orphan: it may be home_app.
        const cls = classifyServicePrincipal(sp, tenantId, noHomeAppsYet);
        if (cls === 'first_party') continue;
        if (cls === 'home_orphan' && sp.appId && sp.appOwnerOrganizationId?.toLowerCase() === tenantId)
          heldHome.set(sp.appId, compactServicePrincipal(sp));
        else now.push({ sp, cls });
      }
      await inPool(now, options.concurrency, ({ sp, cls }) => emit(null, sp, cls));
    },
  );

  // Applications, each joined with its held service principal.
  const homeSps: Record<string, string> = {};
  await graph.each<WireApplication>(
    `/applications?$select=${APPS_SELECT}&${OWNER_EXPAND}&${top}`,
    'applications',
    async (page) => {
      const work = page.map((app) => {
        const sp = app.appId ? (heldHome.get(app.appId) ?? null) : null;
        if (sp) {
          heldHome.delete(app.appId!);
          homeSps[sp.id] = app.id;
        }
        return { app, sp };
      });
      await inPool(work, options.concurrency, ({ app, sp }) => emit(app, sp, sp ? 'home_app' : null));
    },
  );
  // Home-tenant SPs no application claimed: deleted apps, legacy.
  await inPool([...heldHome.values()], options.concurrency, (sp) => emit(null, sp, 'home_orphan'));
  heldHome.clear();

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
    const client = g['@removed'] ? grantClients[g.id] : (g.clientId ?? undefined);
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
    const sp = await graph.get<WireServicePrincipal>(
      `/servicePrincipals/${q(id)}?$select=${SPS_SELECT}&${OWNER_EXPAND}`,
      'servicePrincipals',
    );
    if (!sp) {
      await ctx.sink.remove(identityId('entra', tenant, 'servicePrincipal', id));
      return;
    }
    const homeApp =
      sp.appOwnerOrganizationId?.toLowerCase() === options.tenantId.toLowerCase() && sp.appId
        ? (
            await graph.all<WireApplication>(
              `/applications?$filter=${q(`appId eq '${sp.appId}'`)}&$select=id`,
              'applications',
            )
          ).items[0]
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
    const app = await graph.get<WireApplication>(
      `/applications/${q(id)}?$select=${APPS_SELECT}&${OWNER_EXPAND}`,
      'applications',
    );
    if (!app) {
      await ctx.sink.remove(identityId('entra', tenant, 'application', id));
      return;
    }
    const candidates = app.appId
      ? (
          await graph.all<WireServicePrincipal>(
            `/servicePrincipals?$filter=${q(`appId eq '${app.appId}'`)}&$select=${SPS_SELECT}&${OWNER_EXPAND}`,
            'servicePrincipals',
          )
        ).items
      : [];
    const sp =
      candidates.find((s) => s.appOwnerOrganizationId?.toLowerCase() === options.tenantId.toLowerCase()) ?? null;
    for (const [spId, appObj] of Object.entries(homeSps))
      if (appObj === app.id && spId !== sp?.id) delete homeSps[spId];
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
