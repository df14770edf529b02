import type { GraphApplication, GraphServicePrincipal, GraphUser } from '../estate/types.js';
import { EXPAND_ITEM_CAP, type ODataQuery, project } from './odata.js';
import type { ViewFactory } from './served.js';
import type { DeltaCollection, EntraTenant } from './tenant.js';

/** A user as a directoryObject reference (owners, manager). */
export function userRef(u: GraphUser) {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
  };
}

/** The properties Graph returns for a user without $select. */
const DEFAULT_USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'businessPhones',
  'givenName',
  'surname',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
];

export const asIs: ViewFactory = (q) => (o: never) => project(o as object, q.select);

/** An expanded collection: at most 20 items, no nextLink (the caller lists the relationship for the rest). */
const capped = <T>(items: T[]) => items.slice(0, EXPAND_ITEM_CAP);

/**
 * How the served objects look for a query. $select and $expand combine: the selected properties (id always) plus
 * the expanded relationship.
 */
export class TenantViews {
  constructor(private tenant: EntraTenant) {}

  /** Owners as directoryObjects of their own kind: users, and service principals (an app owned by a workload). */
  owners(objectId: string) {
    return (this.tenant.data.owners[objectId] ?? []).flatMap((id): Array<Record<string, unknown>> => {
      const u = this.tenant.user(id);
      if (u) return [userRef(u)];
      const sp = this.tenant.servicePrincipal(id);
      return sp
        ? [
            {
              '@odata.type': '#microsoft.graph.servicePrincipal',
              id: sp.id,
              displayName: sp.displayName,
              appId: sp.appId,
            },
          ]
        : [];
    });
  }

  application = (q: ODataQuery) => (a: GraphApplication) => {
    const out = project(a, q.select);
    if (q.expand.includes('owners')) out.owners = capped(this.owners(a.id));
    if (q.expand.includes('federatedIdentityCredentials'))
      out.federatedIdentityCredentials = capped(this.tenant.data.federatedIdentityCredentials[a.id] ?? []);
    return out;
  };

  servicePrincipal = (q: ODataQuery) => (s: GraphServicePrincipal) => {
    const out = project(s, q.select);
    if (q.expand.includes('owners')) out.owners = capped(this.owners(s.id));
    if (q.expand.includes('appRoleAssignments')) out.appRoleAssignments = capped(this.tenant.assignmentsHeldBy(s.id));
    return out;
  };

  user = (q: ODataQuery) => (u: GraphUser) => {
    const out = project(u, q.select ?? DEFAULT_USER_SELECT);
    if (q.expand.includes('manager')) {
      const m = this.manager(u.id);
      if (m) out.manager = userRef(m);
    }
    return out;
  };

  /**
   * A user in a users/delta round: Graph answers `$expand=manager` there with `manager@delta`, the manager's id
   * only (no nested $select, no mail), never the expanded `manager` object GET /users/{id} gives.
   */
  userDelta = (q: ODataQuery) => (u: GraphUser) => {
    const out = project(u, q.select ?? DEFAULT_USER_SELECT);
    const m = q.expand.includes('manager') ? this.manager(u.id) : undefined;
    if (m) out['manager@delta'] = [{ '@odata.type': '#microsoft.graph.user', id: m.id }];
    return out;
  };

  manager(userId: string): GraphUser | undefined {
    const managerId = this.tenant.data.managers[userId];
    return managerId ? this.tenant.user(managerId) : undefined;
  }

  of(collection: DeltaCollection): ViewFactory {
    switch (collection) {
      case 'applications':
        return this.application as ViewFactory;
      case 'servicePrincipals':
        return this.servicePrincipal as ViewFactory;
      case 'users':
        return this.userDelta as ViewFactory;
      case 'oauth2PermissionGrants':
        return asIs;
    }
  }
}
