import { randomBytes, randomUUID } from 'node:crypto';
import type { EntraTenantData, GraphPasswordCredential } from '../estate/types.js';

export type DeltaCollection = 'users' | 'applications' | 'servicePrincipals' | 'oauth2PermissionGrants';
export const DELTA_COLLECTIONS: DeltaCollection[] = [
  'users',
  'applications',
  'servicePrincipals',
  'oauth2PermissionGrants',
];

/** One entry of a delta round: a current object, or a deletion (`@removed`). */
export type DeltaEntry = { kind: 'object'; id: string } | { kind: 'removed'; id: string };

/**
 * The served tenant, mutable, with a change log for delta queries: every change bumps a tenant-wide version and
 * stamps the changed object; deletions leave tombstones. A delta token remembers the version it was issued at.
 */
export class EntraTenant {
  readonly data: EntraTenantData;
  private version = 0;
  /** Delta tokens issued before the last `expireDeltaTokens()` are answered with 410 syncStateNotFound. */
  epoch = 1;
  private stamps: Record<DeltaCollection, Map<string, number>> = {
    users: new Map(),
    applications: new Map(),
    servicePrincipals: new Map(),
    oauth2PermissionGrants: new Map(),
  };
  private tombstones: Record<DeltaCollection, Array<{ id: string; version: number }>> = {
    users: [],
    applications: [],
    servicePrincipals: [],
    oauth2PermissionGrants: [],
  };

  constructor(data: EntraTenantData) {
    this.data = structuredClone(data);
  }

  get currentVersion(): number {
    return this.version;
  }

  private touch(collection: DeltaCollection, id: string): void {
    this.stamps[collection].set(id, ++this.version);
  }

  private bury(collection: DeltaCollection, id: string): void {
    this.stamps[collection].delete(id);
    this.tombstones[collection].push({ id, version: ++this.version });
  }

  objects(collection: DeltaCollection): Array<{ id: string }> {
    switch (collection) {
      case 'users':
        return this.data.users;
      case 'applications':
        return this.data.applications;
      case 'servicePrincipals':
        return this.data.servicePrincipals;
      case 'oauth2PermissionGrants':
        return this.data.oauth2PermissionGrants;
    }
  }

  /** The last computed change list: a delta round pages through the same list, so it is built once per round. */
  private changesCache: { key: string; entries: DeltaEntry[] } | null = null;

  /** Changes in (since, upto]: current objects changed in that window, then deletions. since = -1 lists everything. */
  changes(collection: DeltaCollection, since: number, upto: number): DeltaEntry[] {
    const key = `${collection}|${since}|${upto}|${this.version}`;
    if (this.changesCache?.key !== key)
      this.changesCache = { key, entries: this.computeChanges(collection, since, upto) };
    return this.changesCache.entries;
  }

  /** The current object of a delta collection by id. */
  object(collection: DeltaCollection, id: string): { id: string } | undefined {
    const index = this.index;
    switch (collection) {
      case 'users':
        return index.users.get(id);
      case 'applications':
        return index.applications.get(id);
      case 'servicePrincipals':
        return index.servicePrincipals.get(id);
      case 'oauth2PermissionGrants':
        return index.grantsById.get(id);
    }
  }

  private computeChanges(collection: DeltaCollection, since: number, upto: number): DeltaEntry[] {
    const stamps = this.stamps[collection];
    const out: DeltaEntry[] = [];
    for (const o of this.objects(collection)) {
      const v = stamps.get(o.id) ?? 0;
      if (v > since && v <= upto) out.push({ kind: 'object', id: o.id });
    }
    if (since >= 0)
      for (const t of this.tombstones[collection])
        if (t.version > since && t.version <= upto) out.push({ kind: 'removed', id: t.id });
    return out;
  }

  /** Makes every delta token issued so far invalid (as when Graph's sync state expires). */
  expireDeltaTokens(): void {
    this.epoch++;
  }

  /**
   * Lookup maps, rebuilt lazily after any change (every mutation bumps `version`). Per-object routes
   * (/servicePrincipals/{id}/appRoleAssignments...) would otherwise scan whole collections: quadratic at scale.
   */
  private indexCache: { version: number; index: ReturnType<EntraTenant['buildIndex']> } | null = null;
  private buildIndex() {
    const group = <T>(items: T[], key: (t: T) => string) => {
      const m = new Map<string, T[]>();
      for (const item of items) {
        const k = key(item);
        const list = m.get(k);
        if (list) list.push(item);
        else m.set(k, [item]);
      }
      return m;
    };
    return {
      applications: new Map(this.data.applications.map((a) => [a.id, a])),
      servicePrincipals: new Map(this.data.servicePrincipals.map((sp) => [sp.id, sp])),
      users: new Map(this.data.users.map((u) => [u.id, u])),
      usersByUpn: new Map(this.data.users.map((u) => [u.userPrincipalName.toLowerCase(), u])),
      assignmentsByPrincipal: group(this.data.appRoleAssignments, (a) => a.principalId),
      assignmentsByResource: group(this.data.appRoleAssignments, (a) => a.resourceId),
      grantsByClient: group(this.data.oauth2PermissionGrants, (g) => g.clientId),
      grantsById: new Map(this.data.oauth2PermissionGrants.map((g) => [g.id, g])),
      roleAssignmentsById: new Map(this.data.roleAssignments.map((a) => [a.id, a])),
      roleDefinitionsById: new Map(this.data.roleDefinitions.map((d) => [d.id, d])),
    };
  }
  private get index() {
    if (!this.indexCache || this.indexCache.version !== this.version)
      this.indexCache = { version: this.version, index: this.buildIndex() };
    return this.indexCache.index;
  }

  application(id: string) {
    return this.index.applications.get(id);
  }
  servicePrincipal(id: string) {
    return this.index.servicePrincipals.get(id);
  }
  /** A user by object id or (case-insensitive) userPrincipalName. */
  user(idOrUpn: string) {
    return this.index.users.get(idOrUpn) ?? this.index.usersByUpn.get(idOrUpn.toLowerCase());
  }
  assignmentsHeldBy(principalId: string) {
    return this.index.assignmentsByPrincipal.get(principalId) ?? [];
  }
  assignmentsOn(resourceId: string) {
    return this.index.assignmentsByResource.get(resourceId) ?? [];
  }
  grantsOfClient(clientId: string) {
    return this.index.grantsByClient.get(clientId) ?? [];
  }
  grant(id: string) {
    return this.index.grantsById.get(id);
  }
  roleAssignment(id: string) {
    return this.index.roleAssignmentsById.get(id);
  }
  roleDefinition(id: string) {
    return this.index.roleDefinitionsById.get(id);
  }

  /**
   * Assigns a directory role (POST /roleManagement/directory/roleAssignments). Like Graph, the principal does not
   * show as changed in its delta: role assignments are not a property of the service principal.
   */
  addDirectoryRoleAssignment(principalId: string, roleDefinitionId: string, directoryScopeId = '/'): string | null {
    if (!this.roleDefinition(roleDefinitionId)) return null;
    const id = `${randomBytes(32).toString('base64url').slice(0, 43)}-1`;
    this.data.roleAssignments.push({
      id,
      principalId,
      roleDefinitionId,
      directoryScopeId,
      appScopeId: null,
      resourceScope: directoryScopeId,
    });
    this.version++;
    return id;
  }

  private newPassword(
    displayName: string | null,
    now: Date,
    endDateTime?: string,
  ): { stored: GraphPasswordCredential; secretText: string } {
    const secretText = randomBytes(30).toString('base64').replace(/[+/=]/g, '').slice(0, 40);
    const start = now.toISOString();
    const end = endDateTime ?? new Date(now.getTime() + 730 * 86_400_000).toISOString();
    const stored: GraphPasswordCredential = {
      keyId: randomUUID(),
      displayName,
      hint: secretText.slice(0, 3),
      startDateTime: start,
      endDateTime: end,
      customKeyIdentifier: null,
      secretText: null,
    };
    return { stored, secretText };
  }

  /** POST /applications/{id}/addPassword. The secret text is returned to the caller once and never stored. */
  addPassword(
    appObjectId: string,
    displayName: string | null,
    now: Date,
    endDateTime?: string,
  ): (Omit<GraphPasswordCredential, 'secretText'> & { secretText: string }) | null {
    const app = this.application(appObjectId);
    if (!app) return null;
    const { stored, secretText } = this.newPassword(displayName, now, endDateTime);
    app.passwordCredentials.push(stored);
    this.touch('applications', app.id);
    return { ...stored, secretText };
  }

  /** POST /servicePrincipals/{id}/addPassword. */
  addServicePrincipalPassword(
    spId: string,
    displayName: string | null,
    now: Date,
    endDateTime?: string,
  ): (Omit<GraphPasswordCredential, 'secretText'> & { secretText: string }) | null {
    const sp = this.servicePrincipal(spId);
    if (!sp) return null;
    const { stored, secretText } = this.newPassword(displayName, now, endDateTime);
    sp.passwordCredentials.push(stored);
    this.touch('servicePrincipals', sp.id);
    return { ...stored, secretText };
  }

  removePassword(appObjectId: string, keyId: string): boolean {
    const app = this.application(appObjectId);
    if (!app) return false;
    const before = app.passwordCredentials.length;
    app.passwordCredentials = app.passwordCredentials.filter((p) => p.keyId !== keyId);
    if (app.passwordCredentials.length === before) return false;
    this.touch('applications', app.id);
    return true;
  }

  /** PATCH accountEnabled on a service principal. */
  setServicePrincipalEnabled(spId: string, enabled: boolean): boolean {
    const sp = this.servicePrincipal(spId);
    if (!sp) return false;
    sp.accountEnabled = enabled;
    this.touch('servicePrincipals', sp.id);
    return true;
  }

  /** DELETE /servicePrincipals/{id}: the SP, its grants and its app role assignments go. */
  deleteServicePrincipal(spId: string): boolean {
    const index = this.data.servicePrincipals.findIndex((s) => s.id === spId);
    if (index < 0) return false;
    this.data.servicePrincipals.splice(index, 1);
    this.bury('servicePrincipals', spId);
    delete this.data.owners[spId];
    for (const g of this.data.oauth2PermissionGrants.filter((x) => x.clientId === spId))
      this.bury('oauth2PermissionGrants', g.id);
    this.data.oauth2PermissionGrants = this.data.oauth2PermissionGrants.filter((x) => x.clientId !== spId);
    this.data.appRoleAssignments = this.data.appRoleAssignments.filter((x) => x.principalId !== spId);
    this.data.roleAssignments = this.data.roleAssignments.filter((x) => x.principalId !== spId);
    return true;
  }

  /** DELETE /applications/{id}: deleting an app also deletes its service principal in the home tenant. */
  deleteApplication(appObjectId: string): boolean {
    const index = this.data.applications.findIndex((a) => a.id === appObjectId);
    if (index < 0) return false;
    const [app] = this.data.applications.splice(index, 1);
    this.bury('applications', app.id);
    delete this.data.owners[app.id];
    delete this.data.federatedIdentityCredentials[app.id];
    const sp = this.data.servicePrincipals.find(
      (s) => s.appId === app.appId && s.appOwnerOrganizationId === this.data.tenantId,
    );
    if (sp) this.deleteServicePrincipal(sp.id);
    return true;
  }

  /** Adds an app role assignment to a service principal (the principal shows as changed in its delta). */
  addAppRoleAssignment(spId: string, resourceSpId: string, appRoleId: string, now: Date): string | null {
    const sp = this.servicePrincipal(spId);
    const resource = this.servicePrincipal(resourceSpId);
    if (!sp || !resource?.appRoles.some((r) => r.id === appRoleId)) return null;
    const id = randomBytes(32).toString('base64url').slice(0, 43);
    this.data.appRoleAssignments.push({
      id,
      appRoleId,
      createdDateTime: now.toISOString(),
      deletedDateTime: null,
      principalId: sp.id,
      principalDisplayName: sp.displayName,
      principalType: 'ServicePrincipal',
      resourceId: resource.id,
      resourceDisplayName: resource.displayName,
    });
    this.touch('servicePrincipals', sp.id);
    return id;
  }

  /**
   * DELETE /servicePrincipals/{resourceId}/appRoleAssignedTo/{id}: the assignment must be one granted on that resource
   * (Graph answers 404 otherwise); its principal shows as changed in its delta, as when one is added.
   */
  removeAppRoleAssignment(resourceSpId: string, assignmentId: string): boolean {
    const found = this.data.appRoleAssignments.find((a) => a.id === assignmentId && a.resourceId === resourceSpId);
    if (!found) return false;
    this.data.appRoleAssignments = this.data.appRoleAssignments.filter((a) => a !== found);
    this.touch('servicePrincipals', found.principalId);
    return true;
  }

  /** Disables a user (e.g. someone leaves). */
  setUserEnabled(userId: string, enabled: boolean, leaveDateTime: string | null): boolean {
    const u = this.user(userId);
    if (!u) return false;
    u.accountEnabled = enabled;
    u.employeeLeaveDateTime = leaveDateTime;
    this.touch('users', u.id);
    return true;
  }
}
