import type { ScanContext } from '../../../sync/connector.js';
import {
  compactAssignment,
  DEFAULT_ACCESS_ROLE,
  listAppRoleAssignments,
  listServicePrincipalsWithAssignments,
} from './app-role-assignments.js';
import { readAllAgentIdentities } from './agent-identity-reads.js';
import { readAllDirectoryRoles } from './directory-role-reads.js';
import { listExpandedFederatedCredentials, listFederatedCredentials } from './federated-credentials.js';
import { type Graph, settleAll } from './graph.js';
import type { WireOAuth2PermissionGrant, WireServicePrincipal } from './graph-types.js';
import type { IdentityFetcher, Relations } from './identity-fetcher.js';
import { compactGrant, listAllGrantsDelta, soleConsentingUser } from './oauth2-permission-grants.js';
import type { EntraOptions } from './options.js';
import { forEachObject, usable } from './records.js';
import { readCredentialSignIns } from './credential-sign-ins.js';
import { readRiskyServicePrincipals } from './risky-service-principals.js';
import { readSignIns } from './sign-in-reads.js';
import { SOURCE } from './sources.js';
import { stringPool } from './string-pool.js';
import { PeopleRound } from './people.js';
import { eachUserDelta, getUserContact } from './users.js';

/**
 * The full scan's lookups, each one source read from list requests: grants, the people (and the addresses consent
 * claims need), sign-in activity, app role assignments, federated credentials, directory role assignments,
 * agent identities' sponsors and risky service principals. Independent ones run side by
 * side (the users wanted and the resources kept depend on the grants); every one settles — complete, or skipped /
 * failed and recorded — before the first identity is emitted, so the sink knows which filled fields are stale.
 */
export class FullScanLookups {
  /** grantId → client service principal id, kept in the state for later delta scans. */
  readonly grantClients: Record<string, string> = {};
  private grantResources = new Set<string>();
  private intern = stringPool();
  /** The deltaLinks of the grants and users rounds (undefined when that source was not read whole). */
  readonly links: { grants?: string; users?: string } = {};

  constructor(
    private ctx: ScanContext<EntraOptions>,
    private graph: Graph,
    private fetcher: IdentityFetcher,
    readonly relations: Relations,
  ) {}

  async load(): Promise<void> {
    const { sources } = this.ctx;
    await settleAll([
      (async () => {
        await sources.read(SOURCE.grants, (signal) => this.loadGrants(this.graph.bound(signal)));
        await settleAll([
          sources.read(SOURCE.users, (signal) => this.loadUsers(this.graph.bound(signal))),
          sources.read(SOURCE.appRoleAssignments, (signal) => this.loadAssignments(this.graph.bound(signal))),
        ] as const);
      })(),
      readSignIns(this.ctx, this.graph, this.fetcher, null),
      sources.read(SOURCE.federatedCredentials, (signal) => this.loadFederatedCredentials(this.graph.bound(signal))),
      readAllDirectoryRoles(this.ctx, this.graph, this.fetcher, this.relations),
      readAllAgentIdentities(this.ctx, this.graph, this.relations),
      readRiskyServicePrincipals(this.ctx, this.graph, this.fetcher),
      readCredentialSignIns(this.ctx, this.graph, this.fetcher),
    ] as const);
    // Without the users list, asking for consenting users one by one would be refused the same way.
    this.fetcher.usersReadable = sources.status(SOURCE.users) !== 'skipped';
  }

  /** Delegated consents, by client service principal. */
  private async loadGrants(graph: Graph): Promise<void> {
    const done = await listAllGrantsDelta(graph, async (page) => {
      // A grant without an id: its client's delegated permissions are unknown (every client's, without a clientId).
      const lost = (g: WireOAuth2PermissionGrant) =>
        g.clientId ? this.relations.grantsFailed.add(g.clientId) : this.relations.lostUnknown.add('grants');
      for (const g of await usable(this.ctx, SOURCE.grants, page, 'oauth2PermissionGrant', lost)) {
        if (g['@removed'] || !g.clientId) continue;
        const compact = compactGrant(g, this.intern);
        this.relations.addGrant(compact.clientId as string, compact);
        this.grantClients[g.id] = compact.clientId as string;
        if (g.resourceId) this.grantResources.add(g.resourceId);
      }
    });
    this.links.grants = done.deltaLink;
  }

  /**
   * People: the initial delta round lists every user and ends with the users deltaLink. A consenting_user claim
   * needs the mail/UPN of a client's only self-consenting user: only those users are kept.
   */
  private async loadUsers(graph: Graph): Promise<void> {
    const wanted = new Set<string>();
    for (const list of this.relations.grantsByClient.values()) {
      const consenter = soleConsentingUser(list);
      if (consenter) wanted.add(consenter);
    }
    const people = new PeopleRound(this.ctx);
    const done = await eachUserDelta(graph, async (page) => {
      for (const u of await usable(this.ctx, SOURCE.users, page, 'user')) {
        if (u['@removed']) continue;
        if (wanted.has(u.id)) this.fetcher.users.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
        await people.add(u);
      }
    });
    // The initial round lists every user: a manager it did not list was quarantined (or is gone): asked by id.
    await people.finish(async (id) => {
      try {
        return await getUserContact(graph, id);
      } catch (error) {
        this.ctx.sources.objectFailed(SOURCE.users, id, error);
        return undefined;
      }
    });
    this.links.users = done.deltaLink;
  }

  /**
   * Application permissions, plus the resources they name: a resource can come after its clients in the listing, so
   * candidates (SPs that define app roles or are named by a grant) are kept compact and pruned at the end. Service
   * principals whose expansion hit the cap are listed one by one here, inside the same source.
   */
  private async loadAssignments(graph: Graph): Promise<void> {
    const { assignments } = this.relations;
    const candidates = new Map<string, WireServicePrincipal>();
    await listServicePrincipalsWithAssignments(graph, this.ctx.options.pageSize, async (page) => {
      const lost = () => this.relations.lostUnknown.add('assignments');
      for (const sp of await usable(this.ctx, SOURCE.appRoleAssignments, page, 'servicePrincipal', lost)) {
        assignments.add(
          sp.id,
          sp.appRoleAssignments?.map((a) => compactAssignment(a, this.intern)),
        );
        if ((sp.appRoles?.length ?? 0) > 0 || this.grantResources.has(sp.id))
          candidates.set(sp.id, { id: sp.id, appId: sp.appId, displayName: sp.displayName, appRoles: sp.appRoles });
      }
    });
    await forEachObject(
      this.ctx,
      SOURCE.appRoleAssignments,
      assignments.cappedIds(),
      async (id) => assignments.complete(id, await listAppRoleAssignments(graph, id)),
      (id) => assignments.fail(id),
    );
    const referenced = new Set(this.grantResources);
    for (const list of assignments.lists.values())
      for (const a of list) if (a.resourceId && a.appRoleId !== DEFAULT_ACCESS_ROLE) referenced.add(a.resourceId);
    for (const sp of candidates.values()) if (referenced.has(sp.id)) this.fetcher.addResource(sp);
  }

  /** Federated credentials of every application (expanded), and of those at the cap one by one. */
  private async loadFederatedCredentials(graph: Graph): Promise<void> {
    const { fics } = this.relations;
    await listExpandedFederatedCredentials(graph, this.ctx.options.pageSize, async (page) => {
      const lost = () => this.relations.lostUnknown.add('federatedCredentials');
      for (const app of await usable(this.ctx, SOURCE.federatedCredentials, page, 'application', lost))
        fics.add(app.id, app.federatedIdentityCredentials);
    });
    await forEachObject(
      this.ctx,
      SOURCE.federatedCredentials,
      fics.cappedIds(),
      async (id) => fics.complete(id, await listFederatedCredentials(graph, id)),
      (id) => fics.fail(id),
    );
  }
}
