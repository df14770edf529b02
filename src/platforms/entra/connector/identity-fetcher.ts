import type { ScanContext } from '../../../sync/connector.js';
import {
  DEFAULT_ACCESS_ROLE,
  listAppRoleAssignments,
  type ResourceInfo,
  resourceInfo,
} from './app-role-assignments.js';
import { listFederatedCredentials } from './federated-credentials.js';
import type { Graph } from './graph.js';
import type {
  WireApplication,
  WireAppRoleAssignment,
  WireDirectoryObject,
  WireFederatedIdentityCredential,
  WireOAuth2PermissionGrant,
  WireServicePrincipal,
} from './graph-types.js';
import type { IdentityParts } from './identity.js';
import { listGrantsOfClient, soleConsentingUser } from './oauth2-permission-grants.js';
import type { EntraOptions } from './options.js';
import { listOwners } from './owners.js';
import { getResourceServicePrincipal, type ServicePrincipalClass } from './service-principals.js';
import { listSignInActivities, packSignInActivity, unpackSignInActivity } from './sign-in-activity.js';
import { getUserContact, type UserContact } from './users.js';

/** What a full scan already listed for one identity (undefined = list it with a per-item call). */
export interface Prefetched {
  grants?: WireOAuth2PermissionGrant[];
  fics?: WireFederatedIdentityCredential[];
  assignments?: WireAppRoleAssignment[];
}

/** The relationships of one application and/or service principal. */
interface Relations {
  appOwners: WireDirectoryObject[];
  spOwners: WireDirectoryObject[];
  fics: WireFederatedIdentityCredential[];
  assignments: WireAppRoleAssignment[];
  grants: WireOAuth2PermissionGrant[];
}

const none = <T>(): Promise<T[]> => Promise.resolve([]);

/** Everything the per-identity fetches share within one scan (resources, users, sign-in activity). */
export class IdentityFetcher {
  private resources = new Map<string, ResourceInfo>();
  private resourceFetches = new Map<string, Promise<void>>();
  readonly users = new Map<string, UserContact>();
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
    this.resources.set(sp.id, resourceInfo(sp));
  }

  /** Resource SPs named by assignments/grants but not listed in this scan (delta scans) are fetched once. */
  async ensureResources(ids: Iterable<string>): Promise<Map<string, ResourceInfo>> {
    for (const id of ids) {
      if (this.resources.has(id)) continue;
      if (!this.resourceFetches.has(id)) this.resourceFetches.set(id, this.fetchResource(id));
      await this.resourceFetches.get(id);
    }
    return this.resources;
  }

  private async fetchResource(id: string): Promise<void> {
    const sp = await getResourceServicePrincipal(this.graph, id);
    if (sp) this.addResource(sp);
  }

  async ensureUsers(ids: string[]): Promise<void> {
    for (const id of ids) if (!this.users.has(id)) this.users.set(id, await getUserContact(this.graph, id));
  }

  /** The sign-in report, whole or for one appId; when it is unavailable usage stays unknown (warned once). */
  async loadSignIns(filterAppId?: string): Promise<void> {
    const failure = await listSignInActivities(this.graph, filterAppId, (page) => {
      for (const a of page) if (a.appId) this.signIns.set(a.appId, packSignInActivity(a));
    });
    if (!failure) return;
    if (this.signInTracked)
      this.ctx.log.warn(
        `sign-in activity report unavailable (HTTP ${failure.unavailable}): lastUsedAt will not be set; grant AuditLog.Read.All (needs Entra ID P1/P2)`,
      );
    this.signInTracked = false;
  }

  /**
   * Builds the identity of an application and/or a service principal, fetching what hangs off them unless `pre`
   * already has it (the full scan's expanded listings).
   */
  async build(
    tenant: string,
    app: WireApplication | null,
    sp: WireServicePrincipal | null,
    spClass: ServicePrincipalClass | null,
    pre: Prefetched = {},
  ): Promise<IdentityParts> {
    const relations = await this.relations(app, sp, pre);
    const resources = await this.ensureResources(referencedResources(relations));
    const consenter = soleConsentingUser(relations.grants);
    if (consenter) await this.ensureUsers([consenter]);
    const appId = app?.appId ?? sp?.appId ?? undefined;
    if (appId && this.signInsPerApp && this.signInTracked && !this.signIns.has(appId)) await this.loadSignIns(appId);
    const packed = appId ? this.signIns.get(appId) : undefined;
    return {
      tenant,
      application: app,
      servicePrincipal: sp,
      spClass,
      appOwners: relations.appOwners,
      spOwners: relations.spOwners,
      federatedCredentials: relations.fics,
      appRoleAssignments: relations.assignments,
      grants: relations.grants,
      resources,
      userLookup: (id) => this.users.get(id),
      signIn: packed !== undefined ? unpackSignInActivity(packed) : undefined,
      signInTracked: this.signInTracked,
    };
  }

  /** Owners, federated credentials, app role assignments and grants, side by side. */
  private async relations(
    app: WireApplication | null,
    sp: WireServicePrincipal | null,
    pre: Prefetched,
  ): Promise<Relations> {
    const [appOwners, spOwners, fics, assignments, grants] = await Promise.all([
      app ? listOwners(this.graph, 'applications', app) : none<WireDirectoryObject>(),
      sp ? listOwners(this.graph, 'servicePrincipals', sp) : none<WireDirectoryObject>(),
      app ? (pre.fics ?? listFederatedCredentials(this.graph, app.id)) : none<WireFederatedIdentityCredential>(),
      sp ? (pre.assignments ?? listAppRoleAssignments(this.graph, sp.id)) : none<WireAppRoleAssignment>(),
      sp ? (pre.grants ?? listGrantsOfClient(this.graph, sp.id)) : none<WireOAuth2PermissionGrant>(),
    ]);
    return { appOwners, spOwners, fics, assignments, grants };
  }
}

/** Resource SPs the permissions name; default-access assignments carry no permission, so not their resource. */
function referencedResources(r: Relations): string[] {
  return [
    ...r.assignments.filter((a) => a.appRoleId !== DEFAULT_ACCESS_ROLE).map((a) => a.resourceId),
    ...r.grants.map((g) => g.resourceId),
  ].filter((x): x is string => !!x);
}
