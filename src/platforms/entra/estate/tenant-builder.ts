import type { Org, OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import {
  DIRECTORY_ROLES,
  type DirectoryRoleKey,
  EXCHANGE_APP_ROLES,
  GRAPH_APP_ROLES,
  GRAPH_SCOPES,
  type PermissionFact,
} from './catalogue.js';
import {
  COMMON_DIRECTORY_ROLES,
  DATA_ROLES,
  type DirectoryRoleRef,
  type DelegatedSpec,
  PRIVILEGED_ROLES,
  READ_ROLES,
  type RiskSpec,
  type RoleRef,
  type SecretSpec,
  avoid,
} from './specs.js';
import {
  EXCHANGE_ONLINE_APP_ID,
  MICROSOFT_GRAPH_APP_ID,
  MICROSOFT_TENANT_IDS,
  type EntraTenantData,
  type GraphAppRole,
  type GraphKeyCredential,
  type GraphPasswordCredential,
  type GraphPermissionScope,
  type GraphServicePrincipal,
  type GraphSignInActivityEntry,
  type GraphUnifiedRoleDefinition,
} from './types.js';

/** Graph's "never expires" end date, as the portal and older PowerShell modules set it. */
export const NEVER_EXPIRES = '2299-12-31T23:59:59Z';
export const MS_TENANT = MICROSOFT_TENANT_IDS[0];
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

interface Resource {
  sp: GraphServicePrincipal;
  roles: PermissionFact[];
}

/**
 * The tenant being generated and the helpers every kind of identity uses (credentials, role assignments, grants,
 * sign-ins). Random draws happen in a fixed order, so a seed always gives the same tenant.
 */
export class TenantBuilder {
  readonly hasDeparted: boolean;
  readonly resources: { graph: Resource; exchange: Resource };
  private sharedThumbprint: string;
  private usedNames = new Set<string>();
  /** Resumes each base's suffix search where it stopped (same names as searching from 2; O(n) instead of O(n²)). */
  private nextSuffix = new Map<string, number>();

  constructor(
    readonly data: EntraTenantData,
    readonly org: Org,
    readonly rng: Random,
    readonly now: Date,
    readonly userIdByEmail: Map<string, string>,
  ) {
    this.resources = this.firstPartyResources();
    this.data.roleDefinitions = Object.values(DIRECTORY_ROLES).map(roleDefinition);
    this.hasDeparted = org.departed.length > 0;
    this.sharedThumbprint = rng.hex(40).toUpperCase();
  }

  iso(daysAgo: number): string {
    return this.rng.daysAgo(this.now, daysAgo);
  }

  /** First-party resource service principals (Microsoft Graph, Exchange Online, one without roles). */
  private firstPartyResources() {
    const graphSp = this.firstParty(MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph', GRAPH_APP_ROLES, GRAPH_SCOPES);
    const exchangeSp = this.firstParty(EXCHANGE_ONLINE_APP_ID, 'Office 365 Exchange Online', EXCHANGE_APP_ROLES, []);
    this.firstParty('c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure Portal', [], []);
    return { graph: { sp: graphSp, roles: GRAPH_APP_ROLES }, exchange: { sp: exchangeSp, roles: EXCHANGE_APP_ROLES } };
  }

  private firstParty(
    appId: string,
    name: string,
    roles: PermissionFact[],
    scopes: PermissionFact[],
  ): GraphServicePrincipal {
    const sp = blankSp(this.rng.uuid(), appId, name, MS_TENANT);
    sp.appRoles = roles.map(appRole);
    sp.oauth2PermissionScopes = scopes.map(scope);
    sp.verifiedPublisher = { displayName: 'Microsoft Corporation', verifiedPublisherId: null, addedDateTime: null };
    sp.publisherName = 'Microsoft Services';
    sp.servicePrincipalNames = [
      appId,
      name === 'Microsoft Graph' ? 'https://graph.microsoft.com' : 'https://outlook.office365.com',
    ];
    this.data.servicePrincipals.push(sp);
    return sp;
  }

  pickOwner(kind: 'active' | 'departed' | 'none' | undefined): OrgPerson | null {
    if (kind === 'active') return this.rng.pick(this.org.active);
    if (kind === 'departed') return this.hasDeparted ? this.rng.pick(this.org.departed) : null;
    return null;
  }

  uniqueName(base: string): string {
    let name = base;
    if (this.usedNames.has(name)) {
      let i = this.nextSuffix.get(base) ?? 2;
      name = `${base} ${i}`;
      while (this.usedNames.has(name)) name = `${base} ${++i}`;
      this.nextSuffix.set(base, i + 1);
    }
    this.usedNames.add(name);
    return name;
  }

  /** Start/end of a credential, kept clear of every threshold (rotation age, lifetime, expiry, warning window). */
  private window(s: SecretSpec): { start: string; end: string } {
    let age = s.ageDays;
    for (let attempt = 0; ; attempt++) {
      const startMs = Math.floor((this.now.getTime() - age * 86_400_000) / 1000) * 1000;
      if (s.lifetimeDays === 'never') {
        if (Math.abs(age - 365) >= 2 || attempt > 20) return { start: stamp(startMs), end: NEVER_EXPIRES };
      } else {
        const endMs = startMs + s.lifetimeDays * 86_400_000;
        const remaining = (endMs - this.now.getTime()) / 86_400_000;
        const clear =
          Math.abs(age - 365) >= 2 &&
          Math.abs(s.lifetimeDays - 365) >= 2 &&
          Math.abs(remaining) >= 2 &&
          Math.abs(remaining - 30) >= 2;
        if (clear || attempt > 20) return { start: stamp(startMs), end: stamp(endMs) };
      }
      age = Math.max(0.5, age - 4);
    }
  }

  password(s: SecretSpec, label: string): GraphPasswordCredential {
    const { start, end } = this.window(s);
    return {
      keyId: this.rng.uuid(),
      displayName: label,
      hint: this.rng.token(3, 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789~.'),
      startDateTime: start,
      endDateTime: end,
      customKeyIdentifier: null,
      secretText: null,
    };
  }

  certificate(s: SecretSpec, cn: string): GraphKeyCredential {
    const { start, end } = this.window(s);
    const thumb = s.thumbprint === 'shared' ? this.sharedThumbprint : (s.thumbprint ?? this.rng.hex(40).toUpperCase());
    return {
      keyId: this.rng.uuid(),
      displayName: `CN=${cn}`,
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      startDateTime: start,
      endDateTime: end,
      customKeyIdentifier: Buffer.from(thumb, 'hex').toString('base64'),
      key: null,
    };
  }

  randomSecret(maxAge: number): SecretSpec {
    return {
      ageDays: this.rng.int(1, Math.max(1, Math.min(maxAge, 900))),
      lifetimeDays: this.rng.weighted<number | 'never'>([
        [90, 1],
        [180, 3],
        [363, 3],
        [730, 1.5],
        ['never', 1.5],
      ]),
    };
  }

  /** The catalogue entry of an app role reference ('graph:Mail.Read'). */
  role(ref: RoleRef): { resource: Resource; fact: PermissionFact | undefined } {
    const [res, value] = ref.split(':') as ['graph' | 'exchange', string];
    const resource = this.resources[res];
    return { resource, fact: resource.roles.find((p) => p.value === value) };
  }

  assign(spId: string, spName: string, refs: RoleRef[], createdDaysAgo: number): void {
    for (const ref of refs) {
      const { resource, fact } = this.role(ref);
      if (!fact) throw new Error(`unknown app role ${ref}`);
      this.data.appRoleAssignments.push({
        id: this.rng.token(43, ID_ALPHABET),
        appRoleId: fact.id,
        createdDateTime: this.iso(this.rng.int(1, Math.max(1, createdDaysAgo))),
        deletedDateTime: null,
        principalId: spId,
        principalDisplayName: spName,
        principalType: 'ServicePrincipal',
        resourceId: resource.sp.id,
        resourceDisplayName: resource.sp.displayName,
      });
    }
  }

  /**
   * Active directory role assignments of a principal: tenant-wide ('/'), or `@app`-scoped to the application object
   * `scopeObjectId` (the role then reaches that one application only).
   */
  assignDirectoryRoles(principalId: string, refs: readonly DirectoryRoleRef[], scopeObjectId: string | null): void {
    for (const ref of refs) {
      const [key, scoped] = ref.split('@') as [DirectoryRoleKey, string | undefined];
      const role = DIRECTORY_ROLES[key];
      const scope = scoped && scopeObjectId ? `/${scopeObjectId}` : '/';
      this.data.roleAssignments.push({
        // Graph's ids are the role's and principal's ids packed in base64url, with a -1 suffix.
        id: `${this.rng.token(43, ID_ALPHABET)}-1`,
        principalId,
        roleDefinitionId: role.templateId,
        directoryScopeId: scope,
        appScopeId: null,
        resourceScope: scope,
      });
    }
  }

  /** Rarely, a random workload holds a reader or workload-administrator directory role. */
  randomDirectoryRoles(p: number): DirectoryRoleRef[] {
    return this.rng.chance(p) ? [this.rng.pick(COMMON_DIRECTORY_ROLES)] : [];
  }

  delegate(spId: string, d: DelegatedSpec): void {
    const grant = (consentType: 'AllPrincipals' | 'Principal', principalId: string | null) =>
      this.data.oauth2PermissionGrants.push({
        id: this.rng.token(43, ID_ALPHABET),
        clientId: spId,
        consentType,
        principalId,
        resourceId: this.resources.graph.sp.id,
        scope: d.scopes.join(' '),
      });
    if (d.consent === 'AllPrincipals') {
      grant('AllPrincipals', null);
      return;
    }
    const pool = d.departedUser && this.hasDeparted ? this.org.departed : this.org.people;
    const consenters = this.rng.sample(pool, Math.min(d.users ?? 1, pool.length));
    for (const person of consenters) grant('Principal', this.userIdByEmail.get(person.email) as string);
  }

  /** Identity Protection's rating of a service principal, as riskyServicePrincipals lists it (none: not listed). */
  rate(sp: GraphServicePrincipal, risk: RiskSpec | undefined): void {
    if (!risk) return;
    const [riskLevel, riskState] = risk;
    this.data.riskyServicePrincipals ??= [];
    this.data.riskyServicePrincipals.push({
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName,
      servicePrincipalType: sp.servicePrincipalType,
      isEnabled: sp.accountEnabled,
      isProcessing: false,
      riskLevel,
      riskState,
      riskDetail: riskState === 'confirmedCompromised' ? 'adminConfirmedServicePrincipalCompromised' : 'none',
      riskLastUpdatedDateTime: this.iso(this.rng.int(1, 30)),
    });
  }

  signIn(appId: string, daysAgo: number | null | undefined, delegated: boolean): void {
    if (daysAgo == null) return;
    const at = this.iso(avoid(daysAgo, [90]));
    const entry: GraphSignInActivityEntry = { lastSignInDateTime: at, lastSignInRequestId: this.rng.uuid() };
    const none: GraphSignInActivityEntry = { lastSignInDateTime: null, lastSignInRequestId: null };
    this.data.signInActivities.push({
      id: Buffer.from(appId).toString('base64'),
      appId,
      lastSignInActivity: entry,
      delegatedClientSignInActivity: delegated ? entry : none,
      delegatedResourceSignInActivity: none,
      applicationAuthenticationClientSignInActivity: delegated ? none : entry,
      applicationAuthenticationResourceSignInActivity: none,
    });
  }

  randomLastSignIn(ageDays: number, pNone: number, pStale: number): number | null {
    const r = this.rng.next();
    if (r < pNone) return null;
    if (r < pNone + pStale && ageDays > 110) return this.rng.int(100, Math.min(ageDays, 700));
    return this.rng.int(0, Math.min(ageDays, 60));
  }

  randomRoles(pNone: number, pPriv: number): RoleRef[] {
    if (this.rng.chance(pNone)) return [];
    const roles = this.rng.sample(READ_ROLES, this.rng.int(1, 2));
    if (this.rng.chance(0.35)) roles.push(this.rng.pick(DATA_ROLES));
    if (this.rng.chance(pPriv)) roles.push(this.rng.pick(PRIVILEGED_ROLES));
    return [...new Set(roles)];
  }
}

const appRole = (p: PermissionFact): GraphAppRole => ({
  id: p.id,
  value: p.value,
  displayName: p.value,
  description: `Allows the app to ${p.value}`,
  allowedMemberTypes: ['Application'],
  isEnabled: true,
  origin: 'Application',
});

/** A built-in role definition as Graph lists it (id = templateId for built-in roles). */
const roleDefinition = (r: (typeof DIRECTORY_ROLES)[DirectoryRoleKey]): GraphUnifiedRoleDefinition => ({
  id: r.templateId,
  displayName: r.displayName,
  description: `Built-in role ${r.displayName}.`,
  isBuiltIn: true,
  isEnabled: true,
  templateId: r.templateId,
  version: '1',
  resourceScopes: ['/'],
  rolePermissions: [{ allowedResourceActions: [], condition: null }],
});

const scope = (p: PermissionFact): GraphPermissionScope => ({
  id: p.id,
  value: p.value,
  adminConsentDisplayName: p.value,
  adminConsentDescription: `Allows the app to ${p.value} on behalf of the signed-in user`,
  type: p.sensitivity === 'low' ? 'User' : 'Admin',
  isEnabled: true,
});

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function blankSp(id: string, appId: string, displayName: string, owningTenant: string): GraphServicePrincipal {
  return {
    id,
    appId,
    displayName,
    appDisplayName: displayName,
    accountEnabled: true,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: owningTenant,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    publisherName: null,
    signInAudience: null,
    servicePrincipalNames: [],
    alternativeNames: [],
    tags: [],
    appRoleAssignmentRequired: false,
    appRoles: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    keyCredentials: [],
    deletedDateTime: null,
  };
}
