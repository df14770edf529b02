import type { ScanContext } from '../../../sync/connector.js';
import {
  compactAssignment,
  DEFAULT_ACCESS_ROLE,
  listServicePrincipalsWithAssignments,
} from './app-role-assignments.js';
import { Expanded } from './expanded.js';
import { listExpandedFederatedCredentials } from './federated-credentials.js';
import { type Graph, settleAll } from './graph.js';
import type {
  WireAppRoleAssignment,
  WireFederatedIdentityCredential,
  WireOAuth2PermissionGrant,
  WireServicePrincipal,
} from './graph-types.js';
import type { IdentityFetcher, Prefetched } from './identity-fetcher.js';
import { compactGrant, listAllGrantsDelta, soleConsentingUser } from './oauth2-permission-grants.js';
import type { EntraOptions } from './options.js';
import { stringPool } from './string-pool.js';
import { eachUserDelta, transformUser } from './users.js';

/**
 * The full scan's lookups, each from a list request: grants, the people consent claims need, sign-in activity, app
 * role assignments and federated credentials. Independent ones run side by side (the users wanted and the resources
 * kept depend on the grants); everything settles before the first identity is emitted.
 */
export class FullScanLookups {
  private grantsByClient = new Map<string, WireOAuth2PermissionGrant[]>();
  /** grantId → client service principal id, kept in the state for later delta scans. */
  readonly grantClients: Record<string, string> = {};
  private grantResources = new Set<string>();
  private assignments = new Expanded<WireAppRoleAssignment>();
  private fics = new Expanded<WireFederatedIdentityCredential>();
  private intern = stringPool();

  constructor(
    private ctx: ScanContext<EntraOptions>,
    private graph: Graph,
    private fetcher: IdentityFetcher,
  ) {}

  /** Loads every lookup; returns the deltaLinks of the grants and users rounds. */
  async load(): Promise<{ grants: string | undefined; users: string | undefined }> {
    const [{ grants, users }] = await settleAll([
      (async () => {
        const grantsDone = await this.loadGrants();
        const [usersDone] = await settleAll([this.loadUsers(), this.loadAssignments()] as const);
        return { grants: grantsDone.deltaLink, users: usersDone.deltaLink };
      })(),
      this.fetcher.loadSignIns(),
      listExpandedFederatedCredentials(this.graph, this.ctx.options.pageSize, this.fics),
    ] as const);
    return { grants, users };
  }

  /** What the lookups hold for one identity; each list is handed out once. */
  take(appObjectId: string | null, spId: string | null): Prefetched {
    return {
      grants: spId ? this.takeGrants(spId) : [],
      assignments: spId ? this.assignments.take(spId) : [],
      fics: appObjectId ? this.fics.take(appObjectId) : [],
    };
  }

  private takeGrants(spId: string): WireOAuth2PermissionGrant[] {
    const list = this.grantsByClient.get(spId) ?? [];
    this.grantsByClient.delete(spId);
    return list;
  }

  /** Delegated consents, by client service principal. */
  private loadGrants() {
    return listAllGrantsDelta(this.graph, (page) => {
      for (const g of page) {
        if (g['@removed'] || !g.clientId) continue;
        const compact = compactGrant(g, this.intern);
        const client = compact.clientId as string;
        const list = this.grantsByClient.get(client);
        if (list) list.push(compact);
        else this.grantsByClient.set(client, [compact]);
        this.grantClients[g.id] = client;
        if (g.resourceId) this.grantResources.add(g.resourceId);
      }
    });
  }

  /**
   * People: the initial delta round lists every user and ends with the users deltaLink. A consenting_user claim
   * needs the mail/UPN of a client's only self-consenting user: only those users are kept.
   */
  private loadUsers() {
    const wanted = new Set<string>();
    for (const list of this.grantsByClient.values()) {
      const consenter = soleConsentingUser(list);
      if (consenter) wanted.add(consenter);
    }
    return eachUserDelta(this.graph, async (page) => {
      for (const u of page) {
        if (u['@removed']) continue;
        if (wanted.has(u.id)) this.fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
        await this.ctx.sink.person(transformUser(this.ctx.tenant, u));
      }
    });
  }

  /**
   * Application permissions, plus the resources they name: a resource can come after its clients in the listing, so
   * candidates (SPs that define app roles or are named by a grant) are kept compact and pruned at the end.
   */
  private async loadAssignments(): Promise<void> {
    const candidates = new Map<string, WireServicePrincipal>();
    await listServicePrincipalsWithAssignments(this.graph, this.ctx.options.pageSize, (page) => {
      for (const sp of page) {
        this.assignments.add(
          sp.id,
          sp.appRoleAssignments?.map((a) => compactAssignment(a, this.intern)),
        );
        if ((sp.appRoles?.length ?? 0) > 0 || this.grantResources.has(sp.id))
          candidates.set(sp.id, { id: sp.id, appId: sp.appId, displayName: sp.displayName, appRoles: sp.appRoles });
      }
    });
    const referenced = new Set(this.grantResources);
    for (const list of this.assignments.lists.values())
      for (const a of list) if (a.resourceId && a.appRoleId !== DEFAULT_ACCESS_ROLE) referenced.add(a.resourceId);
    for (const sp of candidates.values()) if (referenced.has(sp.id)) this.fetcher.addResource(sp);
  }
}
