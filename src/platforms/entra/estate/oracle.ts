import type { CredentialType } from '../../../model/index.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import {
  type CredentialFacts,
  genericRisks,
  type IdentityFacts,
  isoOrNull,
  type PermissionFacts,
} from '../../../emulation/estate/generic-oracle.js';
import { AGENT_ID_TYPES } from './agents.js';
import { allPermissionFacts, DIRECTORY_ROLES, type DirectoryRoleFact, type PermissionFact } from './catalogue.js';
import {
  MICROSOFT_TENANT_IDS,
  type EntraTenantData,
  type GraphApplication,
  type GraphServicePrincipal,
} from './types.js';

/** How Steward names Entra objects (docs/connectors/entra.md): the rules the connector must follow too. */
export function entraIdentityId(
  tenant: string,
  nativeType: 'application' | 'servicePrincipal',
  objectId: string,
): string {
  return `entra:${tenant}:${nativeType}:${objectId}`;
}

/** signInAudience values whose apps other tenants can consent to (and so hold a service principal of). */
const MULTI_TENANT_AUDIENCES = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

/** Other tenants can add client credentials to its service principal: multi-tenant, no lock on Verify credentials. */
function instanceLockOffOn(app: GraphApplication): boolean {
  const lock = app.servicePrincipalLockConfiguration;
  const locked = !!lock?.isEnabled && (lock.allProperties || lock.credentialsWithUsageVerify);
  return MULTI_TENANT_AUDIENCES.has(app.signInAudience) && !locked;
}

/** An Entra Agent ID agent identity (a service principal Graph types as one). */
function isAgentIdentity(sp: GraphServicePrincipal): boolean {
  return sp['@odata.type'] === AGENT_ID_TYPES.agentIdentity;
}

/** A first-party Microsoft service principal (Graph, Exchange...) is a resource, not one of the organisation's NHIs. */
export function isFirstPartyResource(sp: GraphServicePrincipal): boolean {
  return (
    sp.servicePrincipalType !== 'ManagedIdentity' &&
    (MICROSOFT_TENANT_IDS as readonly string[]).includes(sp.appOwnerOrganizationId)
  );
}

/** One NHI as a correct connector sees it: an application and/or its home service principal. */
interface Unit {
  app: GraphApplication | null;
  sp: GraphServicePrincipal | null;
}

interface EntraCredential extends CredentialFacts {
  setOn: 'application' | 'servicePrincipal';
}

/** What the oracle derives for one identity before labelling (the generic facts plus the Entra ones). */
interface Draft {
  facts: IdentityFacts;
  credentials: EntraCredential[];
  explicitOwners: number;
  /** An agent identity's sponsors (null: not an agent identity). */
  sponsors: number | null;
  /** A multi-tenant application here whose instance lock does not cover client credentials. */
  instanceLockOff: boolean;
  /** Identity Protection's rating of its service principal (undefined: not rated, or no service principal). */
  risk: { level: string; state: string } | undefined;
  /** Directory roles the identity's service principal holds, and whether each is tenant-wide. */
  directoryRoles: Array<{ role: DirectoryRoleFact; tenantWide: boolean }>;
}

/**
 * The label oracle: reads the generated tenant the way the documented mapping says a correct connector must (with
 * the estate's own catalogue of permission tiers, never the connector's), then applies the generic risk
 * definitions (src/emulation/estate/generic-oracle.ts) and the Entra ones with DEFAULT_THRESHOLDS and the
 * estate's now.
 */
export function labelEntra(data: EntraTenantData): IdentityLabel[] {
  const read = new TenantReader(data);
  const drafts = identityUnits(data).map((u) => read.draft(u));
  const holders = fingerprintHolders(drafts);
  return drafts.map((d) => toLabel(d, data.now, holders));
}

/** Applications (with their home SP, if any), then every other SP that is not a first-party resource. */
function identityUnits(data: EntraTenantData): Unit[] {
  // Indexes instead of per-identity find/filter over whole collections (O(n²) made a 1M-NHI estate impossible; see
  // docs/scale.md). First match and list order are kept, so the labels are unchanged.
  const homeSpByAppId = new Map<string, GraphServicePrincipal>();
  for (const s of data.servicePrincipals)
    if (s.appOwnerOrganizationId === data.tenantId && !homeSpByAppId.has(s.appId)) homeSpByAppId.set(s.appId, s);
  const appIds = new Set(data.applications.map((a) => a.appId));
  const units: Unit[] = data.applications.map((app) => ({ app, sp: homeSpByAppId.get(app.appId) ?? null }));
  for (const sp of data.servicePrincipals) {
    if (isFirstPartyResource(sp)) continue;
    if (sp.appOwnerOrganizationId === data.tenantId && appIds.has(sp.appId)) continue;
    units.push({ app: null, sp });
  }
  return units;
}

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(key(x));
    if (list) list.push(x);
    else m.set(key(x), [x]);
  }
  return m;
}

/**
 * An app's own use: its latest sign-in as the *client* (app-only or delegated). Sign-ins to it as a resource are
 * other apps' use of it, not of its credentials.
 */
function clientUse(a: EntraTenantData['signInActivities'][number] | undefined): string | null {
  const times = [
    a?.applicationAuthenticationClientSignInActivity.lastSignInDateTime,
    a?.delegatedClientSignInActivity.lastSignInDateTime,
  ]
    .map((t) => isoOrNull(t))
    .filter((t): t is string => t !== null)
    .sort();
  return times.at(-1) ?? null;
}

/** The generated tenant, indexed for reading one identity at a time. */
class TenantReader {
  private facts = new Map(allPermissionFacts().map((p) => [`${p.type}:${p.value}`, p]));
  private users: Map<string, EntraTenantData['users'][number]>;
  private spById: Map<string, GraphServicePrincipal>;
  private signIns: Map<string, EntraTenantData['signInActivities'][number]>;
  private departed: Set<string>;
  private assignmentsByPrincipal: Map<string, EntraTenantData['appRoleAssignments']>;
  private directoryRolesByPrincipal: Map<string, EntraTenantData['roleAssignments']>;
  private roleByTemplate = new Map(Object.values(DIRECTORY_ROLES).map((r) => [r.templateId, r]));
  private grantsByClient: Map<string, EntraTenantData['oauth2PermissionGrants']>;
  private risks: Map<string, NonNullable<EntraTenantData['riskyServicePrincipals']>[number]>;

  constructor(private data: EntraTenantData) {
    this.users = new Map(data.users.map((u) => [u.id, u]));
    this.spById = new Map(data.servicePrincipals.map((s) => [s.id, s]));
    this.signIns = new Map(data.signInActivities.map((s) => [s.appId, s]));
    this.departed = new Set(
      data.users
        .filter((u) => !u.accountEnabled && u.employeeLeaveDateTime)
        .map((u) => (u.mail ?? u.userPrincipalName).toLowerCase()),
    );
    this.assignmentsByPrincipal = group(data.appRoleAssignments, (x) => x.principalId);
    this.grantsByClient = group(data.oauth2PermissionGrants, (x) => x.clientId);
    this.directoryRolesByPrincipal = group(data.roleAssignments, (x) => x.principalId);
    this.risks = new Map((data.riskyServicePrincipals ?? []).map((r) => [r.id, r]));
  }

  draft({ app, sp }: Unit): Draft {
    const id = app
      ? entraIdentityId(this.data.tenantDomain, 'application', app.id)
      : entraIdentityId(this.data.tenantDomain, 'servicePrincipal', (sp as GraphServicePrincipal).id);
    const managed = sp?.servicePrincipalType === 'ManagedIdentity';
    const thirdParty = !app && !managed && sp?.appOwnerOrganizationId !== this.data.tenantId;
    const credentials = credentialsOf(id, app, sp, this.data);
    const { permissions, consenters } = sp
      ? this.permissionsOf(sp)
      : { permissions: [], consenters: new Set<string>() };
    const directoryRoles = sp ? this.directoryRolesOf(sp) : [];
    for (const { role } of directoryRoles)
      permissions.push({
        nativeName: role.displayName,
        access: role.access,
        sensitivity: role.sensitivity,
        pathToAdmin: role.pathToAdmin,
        tenantWide: false,
      });
    const { owner, explicitOwners } = this.ownerOf(app, sp, consenters);
    const sponsors = !app && sp && isAgentIdentity(sp) ? (this.data.sponsors?.[sp.id] ?? []).length : null;
    const activity = sp ? this.signIns.get(sp.appId) : app ? this.signIns.get(app.appId) : undefined;
    const facts: IdentityFacts = {
      id,
      tenant: this.data.tenantDomain,
      kind: app ? 'service_account' : managed ? 'workload_identity' : thirdParty ? 'oauth_app' : 'service_account',
      name: app ? app.displayName : (sp as GraphServicePrincipal).displayName,
      createdAt: isoOrNull(app?.createdDateTime),
      lastUsedAt: clientUse(activity),
      usageTracked: true,
      enabled: sp ? sp.accountEnabled : true,
      thirdParty,
      publisherVerified: sp && thirdParty ? publisherVerified(sp) : null,
      interactive: false,
      credentials,
      permissions,
      owner,
      platformRisks: [],
    };
    const rated = sp ? this.risks.get(sp.id) : undefined;
    const risk = rated ? { level: rated.riskLevel, state: rated.riskState } : undefined;
    const instanceLockOff = !!app && instanceLockOffOn(app);
    return { facts, credentials, explicitOwners, sponsors, instanceLockOff, risk, directoryRoles };
  }

  /** The directory roles assigned to a service principal, by the estate catalogue's templateIds. */
  private directoryRolesOf(sp: GraphServicePrincipal): Draft['directoryRoles'] {
    return (this.directoryRolesByPrincipal.get(sp.id) ?? []).map((a) => {
      const role = this.roleByTemplate.get(a.roleDefinitionId);
      if (!role) throw new Error(`the estate catalogue has no directory role ${a.roleDefinitionId}`);
      return { role, tenantWide: a.directoryScopeId === '/' };
    });
  }

  /** App role assignments resolved by the resource's appRoles, then each scope of each delegated grant. */
  private permissionsOf(sp: GraphServicePrincipal): { permissions: PermissionFacts[]; consenters: Set<string> } {
    const permissions: PermissionFacts[] = [];
    const consenters = new Set<string>();
    for (const a of this.assignmentsByPrincipal.get(sp.id) ?? []) {
      const role = this.spById.get(a.resourceId)?.appRoles.find((r) => r.id === a.appRoleId);
      if (role) permissions.push(tier(this.fact('Application', role.value), role.value, false));
    }
    for (const g of this.grantsByClient.get(sp.id) ?? []) {
      if (g.consentType === 'Principal' && g.principalId) consenters.add(g.principalId);
      for (const s of g.scope.split(' ').filter(Boolean))
        permissions.push(tier(this.fact('Delegated', s), s, g.consentType === 'AllPrincipals'));
    }
    return { permissions, consenters };
  }

  private fact(type: 'Application' | 'Delegated', value: string): PermissionFact {
    const fact = this.facts.get(`${type}:${value}`);
    if (!fact) throw new Error(`the estate catalogue has no ${type} permission ${value}`);
    return fact;
  }

  /**
   * An agent identity's sponsors, then explicit owners (application, then SP); else the one user who consented for
   * themselves.
   */
  private ownerOf(
    app: GraphApplication | null,
    sp: GraphServicePrincipal | null,
    consenters: Set<string>,
  ): { owner: IdentityFacts['owner']; explicitOwners: number } {
    const appOwners = app ? (this.data.owners[app.id] ?? []) : [];
    const spOwners = sp ? (this.data.owners[sp.id] ?? []) : [];
    const sponsors = sp && isAgentIdentity(sp) ? (this.data.sponsors?.[sp.id] ?? []) : [];
    const explicit = [...sponsors, ...appOwners, ...spOwners].map((u) => this.email(u)).filter((e): e is string => !!e);
    const person = (email: string, source: 'explicit_owner' | 'consenting_user') => ({
      owner: { email, source, departed: this.departed.has(email) },
      explicitOwners: explicit.length,
    });
    if (explicit.length) return person(explicit[0], 'explicit_owner');
    const consenter = consenters.size === 1 ? this.email([...consenters][0]) : null;
    return consenter ? person(consenter, 'consenting_user') : { owner: null, explicitOwners: 0 };
  }

  private email(userId: string): string | null {
    const u = this.users.get(userId);
    return u ? (u.mail ?? u.userPrincipalName).toLowerCase() : null;
  }
}

function tier(f: PermissionFact, nativeName: string, tenantWide: boolean): PermissionFacts {
  return { nativeName, access: f.access, sensitivity: f.sensitivity, pathToAdmin: f.pathToAdmin, tenantWide };
}

/** A third-party publisher is unverified only when it is named (the connector reports no publisher otherwise). */
function publisherVerified(sp: GraphServicePrincipal): boolean | null {
  const verified = !!sp.verifiedPublisher.verifiedPublisherId;
  const name = sp.verifiedPublisher.displayName ?? sp.publisherName;
  return name || verified ? verified : null;
}

/** Secrets and certificates of the application, its federated credentials, then those set on the SP. */
function credentialsOf(
  id: string,
  app: GraphApplication | null,
  sp: GraphServicePrincipal | null,
  data: EntraTenantData,
): EntraCredential[] {
  const fics = app ? (data.federatedIdentityCredentials[app.id] ?? []) : [];
  return [
    ...(app ? secretsOf(id, app, 'application') : []),
    ...fics.map(
      (fic): EntraCredential => ({
        id: `${id}:app:federated:${fic.id}`,
        type: 'federated',
        createdAt: null,
        expiresAt: null,
        lastUsedAt: null,
        enabled: true,
        fingerprint: null,
        supportsExpiry: false,
        setOn: 'application',
      }),
    ),
    ...(sp ? secretsOf(id, sp, 'servicePrincipal') : []),
  ];
}

function secretsOf(
  id: string,
  owner: GraphApplication | GraphServicePrincipal,
  setOn: 'application' | 'servicePrincipal',
): EntraCredential[] {
  const prefix = setOn === 'application' ? 'app' : 'sp';
  const credential = (suffix: string, type: CredentialType, start: string | null, end: string | null) => ({
    id: `${id}:${prefix}:${suffix}`,
    type,
    createdAt: isoOrNull(start),
    expiresAt: isoOrNull(end),
    lastUsedAt: null,
    enabled: true,
    supportsExpiry: true,
    setOn,
  });
  return [
    ...owner.passwordCredentials.map((p) => ({
      ...credential(`password:${p.keyId}`, 'client_secret', p.startDateTime, p.endDateTime),
      fingerprint: null,
    })),
    ...owner.keyCredentials.map((k) => ({
      ...credential(
        `key:${k.keyId}`,
        k.type === 'AsymmetricX509Cert' ? 'certificate' : 'client_secret',
        k.startDateTime,
        k.endDateTime,
      ),
      fingerprint: k.customKeyIdentifier ? `x5t:${k.customKeyIdentifier}` : null,
    })),
  ];
}

/** fingerprint → the identities holding a credential with it (credential-reused is a cross-identity risk). */
function fingerprintHolders(drafts: Draft[]): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>();
  for (const d of drafts)
    for (const c of d.credentials)
      if (c.fingerprint) {
        const set = holders.get(c.fingerprint);
        if (set) set.add(d.facts.id);
        else holders.set(c.fingerprint, new Set([d.facts.id]));
      }
  return holders;
}

/** The Entra risk definitions (../risks.ts), from the estate's own reading of the tenant. */
function entraRisks(d: Draft): string[] {
  const perms = d.facts.permissions;
  const risks: string[] = [];
  if (perms.some((p) => p.nativeName === 'full_access_as_app')) risks.push('entra-full-access-as-app');
  if (perms.some((p) => p.nativeName === 'Directory.ReadWrite.All')) risks.push('entra-directory-readwrite-all');
  if (d.explicitOwners === 0 && perms.some((p) => p.access === 'admin' || p.pathToAdmin))
    risks.push('entra-unowned-high-privilege');
  if (d.credentials.some((c) => c.setOn === 'servicePrincipal' && c.type !== 'federated'))
    risks.push('entra-sp-credential');
  if (d.sponsors === 0) risks.push('entra-agent-identity-no-sponsor');
  if (d.instanceLockOff) risks.push('entra-app-instance-lock-off');
  const risk = identityProtectionRisk(d.risk);
  if (risk) risks.push(risk);
  for (const risk of ['entra-sp-privileged-directory-role', 'entra-sp-elevated-directory-role'] as const)
    if (d.directoryRoles.some((r) => r.tenantWide && r.role.risk === risk)) risks.push(risk);
  return risks;
}

/**
 * Identity Protection's rating as the risk definitions read it: open states are atRisk and confirmedCompromised;
 * a confirmed compromise or high level is critical, a medium level high.
 */
function identityProtectionRisk(r: Draft['risk']): string | null {
  if (!r || (r.state !== 'atRisk' && r.state !== 'confirmedCompromised')) return null;
  if (r.state === 'confirmedCompromised' || r.level === 'high') return 'entra-risky-service-principal';
  return r.level === 'medium' ? 'entra-risky-service-principal-medium' : null;
}

function toLabel(d: Draft, nowIso: string, holders: Map<string, Set<string>>): IdentityLabel {
  const f = d.facts;
  const reused = d.credentials.some((c) => c.fingerprint && (holders.get(c.fingerprint)?.size ?? 0) > 1);
  const risks = [...genericRisks(f, nowIso), ...entraRisks(d), ...(reused ? ['credential-reused'] : [])];
  return {
    id: f.id,
    platform: 'entra',
    tenant: f.tenant,
    kind: f.kind,
    name: f.name,
    createdAt: f.createdAt,
    lastUsedAt: f.lastUsedAt,
    enabled: f.enabled,
    thirdParty: f.thirdParty,
    credentials: d.credentials.map(({ id, type, createdAt, expiresAt, lastUsedAt, enabled }) => ({
      id,
      type,
      createdAt,
      expiresAt,
      lastUsedAt,
      enabled,
    })),
    permissions: [...new Set(f.permissions.map((p) => p.nativeName))].sort(),
    owner: f.owner ? { email: f.owner.email, team: null, source: f.owner.source } : null,
    risks: risks.sort(),
  };
}
