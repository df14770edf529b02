import type { CredentialType } from '../../../model/index.js';
import type { CredentialLabel, IdentityLabel } from '../../../emulation/estate/labels.js';
import { DEFAULT_THRESHOLDS } from '../../../analysis/risk/catalogue.js';
import { allPermissionFacts } from './catalogue.js';
import {
  MICROSOFT_TENANT_IDS,
  type EntraTenantData,
  type GraphApplication,
  type GraphServicePrincipal,
} from './types.js';

const DAY = 86_400_000;
const iso = (s: string | null | undefined): string | null => (s ? new Date(s).toISOString() : null);

/** How Steward names Entra objects (docs/connectors/entra.md): the rules the connector must follow too. */
export function entraIdentityId(
  tenant: string,
  nativeType: 'application' | 'servicePrincipal',
  objectId: string,
): string {
  return `entra:${tenant}:${nativeType}:${objectId}`;
}

/** A first-party Microsoft service principal (Graph, Exchange...) is a resource, not one of the organisation's NHIs. */
export function isFirstPartyResource(sp: GraphServicePrincipal): boolean {
  return (
    sp.servicePrincipalType !== 'ManagedIdentity' &&
    (MICROSOFT_TENANT_IDS as readonly string[]).includes(sp.appOwnerOrganizationId)
  );
}

interface NormalizedPermission {
  name: string;
  access: string;
  sensitivity: string;
  pathToAdmin: boolean;
  tenantWide: boolean;
}
interface NormalizedCredential extends CredentialLabel {
  fingerprint: string | null;
  supportsExpiry: boolean;
  setOn: string;
}

/**
 * The label oracle: reads the generated tenant the way the documented mapping says a correct connector must, and
 * applies the exact risk definitions of src/estate/risk-catalogue.ts with DEFAULT_THRESHOLDS and the estate's now.
 */
export function labelEntra(data: EntraTenantData): IdentityLabel[] {
  const tenant = data.tenantDomain;
  const now = Date.parse(data.now);
  const t = DEFAULT_THRESHOLDS;
  const facts = new Map(allPermissionFacts().map((p) => [`${p.type}:${p.value}`, p]));
  const users = new Map(data.users.map((u) => [u.id, u]));
  const spById = new Map(data.servicePrincipals.map((s) => [s.id, s]));
  const appByAppId = new Map(data.applications.map((a) => [a.appId, a]));
  const signIns = new Map(data.signInActivities.map((s) => [s.appId, s]));
  const departed = new Set(
    data.users
      .filter((u) => !u.accountEnabled && u.employeeLeaveDateTime)
      .map((u) => (u.mail ?? u.userPrincipalName).toLowerCase()),
  );
  const userEmail = (id: string) => {
    const u = users.get(id);
    return u ? (u.mail ?? u.userPrincipalName).toLowerCase() : null;
  };

  // Indexes instead of per-identity find/filter over whole collections (O(n²) made a 1M-NHI estate impossible; see
  // docs/scale.md). First match and list order are kept, so the labels are unchanged.
  const homeSpByAppId = new Map<string, GraphServicePrincipal>();
  for (const s of data.servicePrincipals)
    if (s.appOwnerOrganizationId === data.tenantId && !homeSpByAppId.has(s.appId)) homeSpByAppId.set(s.appId, s);
  const group = <T>(items: T[], key: (item: T) => string) => {
    const m = new Map<string, T[]>();
    for (const x of items) (m.get(key(x)) ?? m.set(key(x), []).get(key(x))!).push(x);
    return m;
  };
  const assignmentsByPrincipal = group(data.appRoleAssignments, (x) => x.principalId);
  const grantsByClient = group(data.oauth2PermissionGrants, (x) => x.clientId);

  const units: Array<{ app: GraphApplication | null; sp: GraphServicePrincipal | null }> = [];
  for (const app of data.applications) {
    const sp = homeSpByAppId.get(app.appId) ?? null;
    units.push({ app, sp });
  }
  for (const sp of data.servicePrincipals) {
    if (isFirstPartyResource(sp)) continue;
    if (sp.appOwnerOrganizationId === data.tenantId && appByAppId.has(sp.appId)) continue;
    units.push({ app: null, sp });
  }

  const fingerprints = new Map<string, Set<string>>();
  const drafts = units.map(({ app, sp }) => {
    const id = app
      ? entraIdentityId(tenant, 'application', app.id)
      : entraIdentityId(tenant, 'servicePrincipal', sp!.id);
    const managed = sp?.servicePrincipalType === 'ManagedIdentity';
    const thirdParty = !app && !managed && sp!.appOwnerOrganizationId !== data.tenantId;
    const creds: NormalizedCredential[] = [];
    const addCreds = (owner: GraphApplication | GraphServicePrincipal, setOn: 'application' | 'servicePrincipal') => {
      const prefix = setOn === 'application' ? 'app' : 'sp';
      for (const p of owner.passwordCredentials) {
        creds.push({
          id: `${id}:${prefix}:password:${p.keyId}`,
          type: 'client_secret',
          createdAt: iso(p.startDateTime),
          expiresAt: iso(p.endDateTime),
          lastUsedAt: null,
          enabled: true,
          fingerprint: null,
          supportsExpiry: true,
          setOn,
        });
      }
      for (const k of owner.keyCredentials) {
        const type: CredentialType = k.type === 'AsymmetricX509Cert' ? 'certificate' : 'client_secret';
        creds.push({
          id: `${id}:${prefix}:key:${k.keyId}`,
          type,
          createdAt: iso(k.startDateTime),
          expiresAt: iso(k.endDateTime),
          lastUsedAt: null,
          enabled: true,
          fingerprint: k.customKeyIdentifier ? `x5t:${k.customKeyIdentifier}` : null,
          supportsExpiry: true,
          setOn,
        });
      }
    };
    if (app) {
      addCreds(app, 'application');
      for (const fic of data.federatedIdentityCredentials[app.id] ?? []) {
        creds.push({
          id: `${id}:app:federated:${fic.id}`,
          type: 'federated',
          createdAt: null,
          expiresAt: null,
          lastUsedAt: null,
          enabled: true,
          fingerprint: null,
          supportsExpiry: false,
          setOn: 'application',
        });
      }
    }
    if (sp) addCreds(sp, 'servicePrincipal');
    for (const c of creds)
      if (c.fingerprint)
        (fingerprints.get(c.fingerprint) ?? fingerprints.set(c.fingerprint, new Set()).get(c.fingerprint)!).add(id);

    const perms: NormalizedPermission[] = [];
    const consenters = new Set<string>();
    if (sp) {
      for (const a of assignmentsByPrincipal.get(sp.id) ?? []) {
        const role = spById.get(a.resourceId)?.appRoles.find((r) => r.id === a.appRoleId);
        if (!role) continue;
        const f = facts.get(`Application:${role.value}`)!;
        perms.push({
          name: role.value,
          access: f.access,
          sensitivity: f.sensitivity,
          pathToAdmin: f.pathToAdmin,
          tenantWide: false,
        });
      }
      for (const g of grantsByClient.get(sp.id) ?? []) {
        if (g.consentType === 'Principal' && g.principalId) consenters.add(g.principalId);
        for (const s of g.scope.split(' ').filter(Boolean)) {
          const f = facts.get(`Delegated:${s}`)!;
          perms.push({
            name: s,
            access: f.access,
            sensitivity: f.sensitivity,
            pathToAdmin: f.pathToAdmin,
            tenantWide: g.consentType === 'AllPrincipals',
          });
        }
      }
    }
    const appOwners = app ? (data.owners[app.id] ?? []) : [];
    const spOwners = sp ? (data.owners[sp.id] ?? []) : [];
    let owner: IdentityLabel['owner'] = null;
    const explicit = [...appOwners, ...spOwners].map(userEmail).filter((e): e is string => !!e);
    if (explicit.length) owner = { email: explicit[0], team: null, source: 'explicit_owner' };
    else if (consenters.size === 1) {
      const email = userEmail([...consenters][0]);
      if (email) owner = { email, team: null, source: 'consenting_user' };
    }
    const activity = sp ? signIns.get(sp.appId) : app ? signIns.get(app.appId) : undefined;
    const label: IdentityLabel = {
      id,
      platform: 'entra',
      tenant,
      kind: app ? 'service_account' : managed ? 'workload_identity' : thirdParty ? 'oauth_app' : 'service_account',
      name: app ? app.displayName : sp!.displayName,
      createdAt: iso(app?.createdDateTime),
      lastUsedAt: iso(activity?.lastSignInActivity.lastSignInDateTime),
      enabled: sp ? sp.accountEnabled : true,
      thirdParty,
      credentials: creds.map(({ id: cid, type, createdAt, expiresAt, lastUsedAt, enabled }) => ({
        id: cid,
        type,
        createdAt,
        expiresAt,
        lastUsedAt,
        enabled,
      })),
      permissions: [...new Set(perms.map((p) => p.name))].sort(),
      owner,
      risks: [],
    };
    const publisher =
      sp && thirdParty
        ? {
            name: sp.verifiedPublisher.displayName ?? sp.publisherName,
            verified: !!sp.verifiedPublisher.verifiedPublisherId,
          }
        : null;
    return { label, creds, perms, publisher, explicitOwners: explicit.length };
  });

  for (const d of drafts) {
    const { label, creds, perms } = d;
    const risks = new Set<string>();
    const age = (at: string) => (now - Date.parse(at)) / DAY;
    // Generic definitions (src/estate/risk-catalogue.ts).
    if (label.enabled && label.lastUsedAt && age(label.lastUsedAt) > t.staleDays) risks.add('nhi-stale');
    if (label.enabled && !label.lastUsedAt && label.createdAt && age(label.createdAt) > t.staleDays)
      risks.add('nhi-never-used');
    if (!label.owner) risks.add('nhi-no-owner');
    if (label.owner?.email && departed.has(label.owner.email)) risks.add('nhi-owner-departed');
    if (perms.some((p) => p.access === 'admin' || p.pathToAdmin)) risks.add('nhi-admin-privilege');
    for (const c of creds) {
      if (c.enabled && c.type !== 'federated' && c.createdAt && age(c.createdAt) > t.rotationDays)
        risks.add('credential-not-rotated');
      if (
        c.enabled &&
        c.supportsExpiry &&
        (!c.expiresAt ||
          (c.createdAt && (Date.parse(c.expiresAt) - Date.parse(c.createdAt)) / DAY > t.maxSecretLifetimeDays))
      )
        risks.add('credential-long-lived');
      if (c.expiresAt && Date.parse(c.expiresAt) < now) risks.add('credential-expired');
      if (
        c.enabled &&
        c.expiresAt &&
        Date.parse(c.expiresAt) >= now &&
        (Date.parse(c.expiresAt) - now) / DAY <= t.expiryWarningDays
      )
        risks.add('credential-expiring');
      if (c.fingerprint && (fingerprints.get(c.fingerprint)?.size ?? 0) > 1) risks.add('credential-reused');
    }
    if (creds.filter((c) => c.enabled && (c.type === 'client_secret' || c.type === 'access_key')).length >= 2)
      risks.add('multiple-active-keys');
    if (
      label.thirdParty &&
      perms.some((p) => (p.access === 'write' || p.access === 'admin') && p.sensitivity === 'high')
    )
      risks.add('third-party-high-risk-scopes');
    if (label.thirdParty && d.publisher?.name && !d.publisher.verified) risks.add('unverified-publisher');
    if (perms.some((p) => p.tenantWide)) risks.add('tenant-wide-grant');
    // Entra definitions.
    if (perms.some((p) => p.name === 'full_access_as_app')) risks.add('entra-full-access-as-app');
    if (perms.some((p) => p.name === 'Directory.ReadWrite.All')) risks.add('entra-directory-readwrite-all');
    if (d.explicitOwners === 0 && perms.some((p) => p.access === 'admin' || p.pathToAdmin))
      risks.add('entra-unowned-high-privilege');
    if (creds.some((c) => c.setOn === 'servicePrincipal' && c.type !== 'federated')) risks.add('entra-sp-credential');
    label.risks = [...risks].sort();
  }
  return drafts.map((d) => d.label);
}
