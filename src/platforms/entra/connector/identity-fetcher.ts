import type { StaleField } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type AgentInfo, isAgentIdentity } from './agent-identities.js';
import { DEFAULT_ACCESS_ROLE, type ResourceInfo, resourceInfo } from './app-role-assignments.js';
import type { RoleDefinitionInfo } from './directory-roles.js';
import { Expanded } from './expanded.js';
import type { Graph } from './graph.js';
import type {
  WireApplication,
  WireAppRoleAssignment,
  WireDirectoryObject,
  WireFederatedIdentityCredential,
  WireOAuth2PermissionGrant,
  WireServicePrincipal,
  WireRiskyServicePrincipal,
  WireUnifiedRoleAssignment,
} from './graph-types.js';
import type { IdentityParts } from './identity.js';
import { soleConsentingUser } from './oauth2-permission-grants.js';
import type { EntraOptions } from './options.js';
import { expandedOwners, hasUserOwner, listOwners } from './owners.js';
import { hasId, quarantine } from './records.js';
import { getResourceServicePrincipal, type ServicePrincipalClass } from './service-principals.js';
import { unpackSignInActivity } from './sign-in-activity.js';
import { SOURCE, STALE_WHEN_FAILED } from './sources.js';
import { getUserContact, type UserContact } from './users.js';

/** What hangs off one identity, looked up before it is emitted, and the fields whose lookup failed for it. */
export interface Prefetched {
  grants: WireOAuth2PermissionGrant[];
  fics: WireFederatedIdentityCredential[];
  assignments: WireAppRoleAssignment[];
  directoryRoles: WireUnifiedRoleAssignment[];
  /** The agent identity lookup's answer for the service principal (null: not listed there, or unknown). */
  agent: AgentInfo | null;
  stale: StaleField[];
}

/**
 * Relationships read before any identity is emitted (lookups that fill fields must be complete first): grants by
 * client service principal, app role assignments by service principal, federated credentials by application.
 */
export class Relations {
  readonly grantsByClient = new Map<string, WireOAuth2PermissionGrant[]>();
  /** Clients whose grants are not all known: their own listing failed (delta scans), or one was malformed. */
  readonly grantsFailed = new Set<string>();
  readonly assignments = new Expanded<WireAppRoleAssignment>();
  readonly fics = new Expanded<WireFederatedIdentityCredential>();
  /** Directory role assignments by principal id (users' and groups' too: only service principals are taken). */
  readonly directoryRoles = new Expanded<WireUnifiedRoleAssignment>();
  /** Agent identities listed by the agent identity source: id → blueprint appId; their sponsors by id. */
  readonly agents = new Map<string, string | null>();
  readonly sponsors = new Expanded<WireDirectoryObject>();
  /**
   * Lookups that lost an item no identity can be told from (a listed object without an id): what they fill is
   * unknown for every identity, so it is stale on all of them.
   */
  readonly lostUnknown = new Set<
    'assignments' | 'grants' | 'federatedCredentials' | 'directoryRoles' | 'agentIdentities'
  >();

  addGrant(client: string, grant: WireOAuth2PermissionGrant): void {
    const list = this.grantsByClient.get(client);
    if (list) list.push(grant);
    else this.grantsByClient.set(client, [grant]);
  }

  /** One directory role assignment of a principal, as the full listing brings it (any number per principal). */
  addDirectoryRole(principalId: string, assignment: WireUnifiedRoleAssignment): void {
    const list = this.directoryRoles.lists.get(principalId);
    if (list) list.push(assignment);
    else this.directoryRoles.complete(principalId, [assignment]);
  }

  /** What the lookups hold for one identity; each list is handed out once. */
  take(appObjectId: string | null, spId: string | null): Prefetched {
    const stale: StaleField[] = [];
    const assignments = spId ? this.assignments.take(spId) : { items: [], failed: false };
    const fics = appObjectId ? this.fics.take(appObjectId) : { items: [], failed: false };
    const roles = spId ? this.directoryRoles.take(spId) : { items: [], failed: false };
    const grants = spId ? (this.grantsByClient.get(spId) ?? []) : [];
    if (spId) this.grantsByClient.delete(spId);
    const lost = this.lostUnknown;
    if (assignments.failed || (spId && lost.has('assignments'))) stale.push(...STALE_WHEN_FAILED.assignments);
    if (fics.failed || (appObjectId && lost.has('federatedCredentials')))
      stale.push(...STALE_WHEN_FAILED.federatedCredentials);
    if (spId && (this.grantsFailed.delete(spId) || lost.has('grants'))) stale.push(...STALE_WHEN_FAILED.grants);
    if (roles.failed || (spId && lost.has('directoryRoles'))) stale.push(...STALE_WHEN_FAILED.directoryRoles);
    const agent = spId ? this.takeAgent(spId) : null;
    return { grants, assignments: assignments.items, fics: fics.items, directoryRoles: roles.items, agent, stale };
  }

  /** What the agent identity source said of one service principal; null when it did not list it whole. */
  private takeAgent(spId: string): AgentInfo | null {
    const blueprintId = this.agents.get(spId);
    const sponsors = this.sponsors.take(spId);
    this.agents.delete(spId);
    if (blueprintId === undefined || sponsors.failed || this.lostUnknown.has('agentIdentities')) return null;
    return { blueprintId, sponsors: sponsors.items };
  }
}

/** Everything the per-identity builds share within one scan (resources, users, sign-in activity). */
export class IdentityFetcher {
  private resources = new Map<string, ResourceInfo>();
  /** Resource id → whether it could be read (one call per resource per scan, failures included). */
  private resourceFetches = new Map<string, Promise<boolean>>();
  readonly users = new Map<string, UserContact>();
  private contactFetches = new Map<string, Promise<boolean>>();
  /** Whether users may be asked one by one (false when the users source was refused: every call would be too). */
  usersReadable = true;
  /** Directory role definitions by id (directory-role-reads.ts). */
  readonly roleDefinitions = new Map<string, RoleDefinitionInfo>();
  /** A listed role definition was malformed (quarantined): a role not in `roleDefinitions` may be that one. */
  roleDefinitionsLost = false;
  /** appId → packed sign-in activity (sign-in-activity.ts). */
  readonly signIns = new Map<string, string>();
  /** The sign-in report was read: lastUsedAt is known (null = never used) rather than unknown. */
  signInTracked = false;
  /** appIds whose report entry was malformed (quarantined); null = one without an appId was: every app's is unknown. */
  signInsLost: Set<string> | null = new Set();
  /** SP object id → Identity Protection's rating (risky-service-principals.ts). */
  readonly risks = new Map<string, WireRiskyServicePrincipal>();
  /** The risky service principal list was read: a principal absent from it is not at risk (rather than unknown). */
  risksTracked = false;
  /** A listed rating was malformed (quarantined): every principal's rating is unknown. */
  risksLost = false;
  /** Credential key → last use (credential-sign-ins.ts); null when the beta report was not read. */
  credentialUses: Map<string, string> | null = null;
  /** A listed per-credential entry was malformed (quarantined): every credential's last use is unknown. */
  credentialUsesLost = false;
  /** Owners asked one by one (objects at the $expand cap): the owners source was read only if this is > 0. */
  ownerCalls = 0;

  constructor(
    private ctx: ScanContext<EntraOptions>,
    private graph: Graph,
  ) {}

  addResource(sp: WireServicePrincipal): void {
    this.resources.set(sp.id, resourceInfo(sp));
  }

  /**
   * Resource SPs named by assignments/grants but not listed in this scan are fetched once; false when one could
   * not be read (its permissions' names are unknown).
   */
  async ensureResources(ids: Iterable<string>): Promise<boolean> {
    let ok = true;
    for (const id of ids) {
      if (this.resources.has(id)) continue;
      if (!this.resourceFetches.has(id)) this.resourceFetches.set(id, this.fetchResource(id));
      ok = (await this.resourceFetches.get(id)) === true && ok;
    }
    return ok;
  }

  private async fetchResource(id: string): Promise<boolean> {
    try {
      const sp = await getResourceServicePrincipal(this.graph, id);
      if (sp) this.addResource(sp);
      return true;
    } catch (error) {
      this.ctx.sources.objectFailed(SOURCE.servicePrincipals, id, error);
      return false;
    }
  }

  /** The contact of a consenting user; false when it could not be read. */
  private async ensureContact(id: string): Promise<boolean> {
    if (this.users.has(id)) return true;
    if (!this.usersReadable) return false;
    if (!this.contactFetches.has(id)) this.contactFetches.set(id, this.fetchContact(id));
    return (await this.contactFetches.get(id)) === true;
  }

  private async fetchContact(id: string): Promise<boolean> {
    try {
      this.users.set(id, await getUserContact(this.graph, id));
      return true;
    } catch (error) {
      this.ctx.sources.objectFailed(SOURCE.users, id, error);
      return false;
    }
  }

  /**
   * Builds the identity of an application and/or a service principal from what was looked up for it (`pre`), its
   * owners (expanded, or listed when at the cap) and the resources its permissions name. A part that could not be
   * read is recorded for its object and named in `stale`, so the store keeps that field's last known value.
   */
  async build(
    tenant: string,
    app: WireApplication | null,
    sp: WireServicePrincipal | null,
    spClass: ServicePrincipalClass | null,
    pre: Prefetched,
  ): Promise<IdentityParts> {
    const stale = [...pre.stale];
    const [appOwners, spOwners] = await Promise.all([
      this.owners('applications', app),
      this.owners('servicePrincipals', sp),
    ]);
    if (appOwners === null || spOwners === null) stale.push(...STALE_WHEN_FAILED.owners);
    if (!(await this.ensureResources(referencedResources(pre)))) stale.push(...STALE_WHEN_FAILED.resource);
    const consenter = soleConsentingUser(pre.grants);
    const explicit = hasUserOwner(appOwners ?? []) || hasUserOwner(spOwners ?? []);
    // The consent claim names the user only without an explicit owner: only then does a missing address matter.
    if (consenter && !(await this.ensureContact(consenter)) && !explicit) stale.push(...STALE_WHEN_FAILED.consenter);
    // A role whose definition may be the quarantined one would be named by its bare id: its name is unknown.
    if (this.roleDefinitionsLost && pre.directoryRoles.some((a) => !this.roleDefinitions.has(a.roleDefinitionId ?? '')))
      stale.push(...STALE_WHEN_FAILED.directoryRoles);
    // An agent identity the agent identity source did not list whole: its sponsors and blueprint are unknown (when
    // the source itself was refused or failed, the engine marks them on every agent identity already).
    if (isAgentIdentity(sp) && !pre.agent && this.agentsRead()) stale.push(...STALE_WHEN_FAILED.agentIdentity);
    if (sp && this.risksLost) stale.push(...STALE_WHEN_FAILED.risks);
    if (this.credentialUsesLost) stale.push(...STALE_WHEN_FAILED.credentialSignIns);
    const appId = app?.appId ?? sp?.appId ?? undefined;
    if (this.signInsLost === null || (appId && this.signInsLost.has(appId))) stale.push(...STALE_WHEN_FAILED.signIns);
    const packed = appId ? this.signIns.get(appId) : undefined;
    return {
      tenant,
      application: app,
      servicePrincipal: sp,
      spClass,
      appOwners: appOwners ?? [],
      spOwners: spOwners ?? [],
      federatedCredentials: pre.fics,
      appRoleAssignments: pre.assignments,
      grants: pre.grants,
      directoryRoleAssignments: pre.directoryRoles,
      agent: pre.agent,
      roleDefinitions: this.roleDefinitions,
      resources: this.resources,
      userLookup: (id) => this.users.get(id),
      signIn: packed !== undefined ? unpackSignInActivity(packed) : undefined,
      signInTracked: this.signInTracked,
      risk: sp ? this.risks.get(sp.id) : undefined,
      riskTracked: this.risksTracked,
      credentialUses: this.credentialUses,
      stale: dedupe(stale),
    };
  }

  private agentsRead(): boolean {
    const status = this.ctx.sources.status(SOURCE.agentIdentities);
    return status === 'complete' || status === 'partial';
  }

  /** The owners of an object (null when its own listing failed: recorded for the owners source). */
  private async owners(
    kind: 'applications' | 'servicePrincipals',
    obj: { id: string; owners?: WireDirectoryObject[] } | null,
  ): Promise<WireDirectoryObject[] | null> {
    if (!obj) return [];
    const expanded = expandedOwners(obj);
    if (expanded) return expanded;
    this.ownerCalls++;
    try {
      const owners = await listOwners(this.graph, kind, obj.id);
      // An owner without an id is quarantined; which owner it was is unknown, so the object's owners are.
      const malformed = owners.filter((o) => !hasId(o));
      for (const o of malformed) await quarantine(this.ctx, SOURCE.owners, o, 'owner without an id');
      return malformed.length > 0 ? null : owners;
    } catch (error) {
      this.ctx.sources.objectFailed(SOURCE.owners, obj.id, error);
      return null;
    }
  }
}

/** Resource SPs the permissions name; default-access assignments carry no permission, so not their resource. */
function referencedResources(r: Prefetched): string[] {
  return [
    ...r.assignments.filter((a) => a.appRoleId !== DEFAULT_ACCESS_ROLE).map((a) => a.resourceId),
    ...r.grants.map((g) => g.resourceId),
  ].filter((x): x is string => !!x);
}

function dedupe(fields: StaleField[]): StaleField[] {
  const seen = new Set<string>();
  return fields.filter((f) => {
    const key = `${f.field}\u0000${f.source}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
