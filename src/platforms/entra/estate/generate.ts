import type { OrgPerson } from '../../../emulation/estate/org.js';
import type { PlatformEstate, PlatformGenerateContext } from '../../../emulation/estate/generator.js';
import type { Random } from '../../../emulation/estate/random.js';
import { EXCHANGE_APP_ROLES, GRAPH_APP_ROLES, GRAPH_SCOPES, type PermissionFact } from './catalogue.js';
import { labelEntra } from './oracle.js';
import {
  EXCHANGE_ONLINE_APP_ID,
  MICROSOFT_GRAPH_APP_ID,
  MICROSOFT_TENANT_IDS,
  type EntraTenantData,
  type GraphAppRole,
  type GraphApplication,
  type GraphKeyCredential,
  type GraphPasswordCredential,
  type GraphPermissionScope,
  type GraphServicePrincipal,
  type GraphSignInActivityEntry,
  type GraphUser,
} from './types.js';

/** A credential to create: its age and lifetime in days ('never' = Graph's far-future end date). */
interface SecretSpec {
  ageDays: number;
  lifetimeDays: number | 'never';
  thumbprint?: string;
}
type RoleRef = `${'graph' | 'exchange'}:${string}`;
interface DelegatedSpec {
  consent: 'AllPrincipals' | 'Principal';
  scopes: string[];
  users?: number;
  departedUser?: boolean;
}

interface HomeSpec {
  kind: 'home';
  ageDays?: number;
  owner?: 'active' | 'departed' | 'none';
  secrets?: SecretSpec[];
  certs?: SecretSpec[];
  fic?: boolean;
  sp?: boolean;
  spEnabled?: boolean;
  spSecrets?: SecretSpec[];
  spCerts?: SecretSpec[];
  appRoles?: RoleRef[];
  delegated?: DelegatedSpec | null;
  lastSignInDaysAgo?: number | null;
}
interface ThirdSpec {
  kind: 'third';
  verified?: boolean;
  enabled?: boolean;
  appRoles?: RoleRef[];
  delegated?: DelegatedSpec | null;
  spOwner?: 'active' | 'departed' | 'none';
  lastSignInDaysAgo?: number | null;
}
interface ManagedSpec {
  kind: 'mi';
  appRoles?: RoleRef[];
  lastSignInDaysAgo?: number | null;
}
type Spec = HomeSpec | ThirdSpec | ManagedSpec;

/** Graph's "never expires" end date, as the portal and older PowerShell modules set it. */
export const NEVER_EXPIRES = '2299-12-31T23:59:59Z';
const MS_TENANT = MICROSOFT_TENANT_IDS[0];

const HOME_PURPOSES = [
  'deployer',
  'backup-agent',
  'mail-ingest',
  'hr-sync',
  'reporting',
  'sharepoint-archiver',
  'ticket-bridge',
  'billing-export',
  'log-shipper',
  'sso-portal',
  'terraform',
  'provisioner',
  'monitoring',
  'invoice-bot',
  'scim-bridge',
  'graph-reader',
];
const VENDORS: Array<[string, string]> = [
  ['Zoom', 'Zoom Video Communications, Inc.'],
  ['Slack', 'Slack Technologies, LLC'],
  ['DocuSign', 'DocuSign, Inc.'],
  ['Miro', 'Miro'],
  ['Calendly', 'Calendly LLC'],
  ['Grammarly', 'Grammarly, Inc.'],
  ['Notion', 'Notion Labs, Inc.'],
  ['Atlassian Cloud', 'Atlassian'],
  ['Salesforce', 'salesforce.com'],
  ['Dropbox', 'Dropbox, Inc.'],
  ['Lucidchart', 'Lucid Software'],
  ['Mail Merge Pro', ''],
  ['PDF Converter Online', ''],
  ['Inbox Cleaner', ''],
  ['Calendar Sync Tool', ''],
  ['Org Chart Maker', ''],
];
const UNVERIFIED_DEVS = ['Quick Apps Ltd', 'DevTools Studio', 'A. Developer', 'Productivity Labs', 'Cloud Helpers'];
const LOW_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'User.Read'];
const EXTRA_SCOPES = [
  'Calendars.Read',
  'Mail.Read',
  'Mail.Send',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Mail.ReadWrite',
];
const READ_ROLES: RoleRef[] = [
  'graph:User.Read.All',
  'graph:Directory.Read.All',
  'graph:Group.Read.All',
  'graph:AuditLog.Read.All',
  'graph:Application.Read.All',
  'graph:Sites.Read.All',
];
const DATA_ROLES: RoleRef[] = [
  'graph:Mail.Read',
  'graph:Mail.Send',
  'graph:Files.Read.All',
  'graph:Files.ReadWrite.All',
  'graph:Group.ReadWrite.All',
  'graph:Mail.ReadWrite',
];
const PRIVILEGED_ROLES: RoleRef[] = [
  'graph:Directory.ReadWrite.All',
  'graph:Application.ReadWrite.All',
  'graph:AppRoleAssignment.ReadWrite.All',
  'graph:RoleManagement.ReadWrite.Directory',
  'exchange:full_access_as_app',
];

/** One round of deliberately planted risks; repeated (with random variation elsewhere) so every risk appears several times. */
function plantedRound(hasDeparted: boolean): Spec[] {
  const departed = hasDeparted ? 'departed' : 'none';
  return [
    { kind: 'home', appRoles: ['exchange:full_access_as_app'], owner: 'active', lastSignInDaysAgo: 2 },
    { kind: 'home', appRoles: ['graph:Directory.ReadWrite.All'], owner: 'none' },
    { kind: 'home', appRoles: ['graph:RoleManagement.ReadWrite.Directory', 'graph:User.Read.All'], owner: departed },
    {
      kind: 'home',
      appRoles: ['graph:AppRoleAssignment.ReadWrite.All', 'graph:Application.ReadWrite.All'],
      owner: 'none',
      lastSignInDaysAgo: 150,
    },
    { kind: 'mi', appRoles: ['graph:Application.ReadWrite.All'], lastSignInDaysAgo: 1 },
    { kind: 'mi', appRoles: ['graph:Mail.Read', 'graph:Directory.Read.All'], lastSignInDaysAgo: 200 },
    { kind: 'third', verified: false, appRoles: ['graph:Mail.ReadWrite'], delegated: null, lastSignInDaysAgo: 3 },
    {
      kind: 'third',
      verified: true,
      delegated: { consent: 'AllPrincipals', scopes: ['openid', 'profile', 'Files.ReadWrite.All'] },
    },
    {
      kind: 'third',
      verified: true,
      delegated: { consent: 'Principal', scopes: ['User.Read', 'Mail.Read'], users: 1, departedUser: hasDeparted },
    },
    {
      kind: 'third',
      verified: false,
      delegated: { consent: 'Principal', scopes: ['openid', 'Directory.ReadWrite.All'], users: 2 },
      lastSignInDaysAgo: 120,
    },
    { kind: 'third', verified: true, appRoles: ['exchange:full_access_as_app'], delegated: null, lastSignInDaysAgo: 5 },
    { kind: 'home', spSecrets: [{ ageDays: 30, lifetimeDays: 363 }], owner: 'active' },
    { kind: 'home', secrets: [{ ageDays: 200, lifetimeDays: 'never' }], owner: 'active' },
    { kind: 'home', secrets: [{ ageDays: 400, lifetimeDays: 363 }], owner: departed },
    { kind: 'home', secrets: [{ ageDays: 340, lifetimeDays: 355 }], owner: 'active', lastSignInDaysAgo: 1 },
    { kind: 'home', secrets: [], certs: [{ ageDays: 120, lifetimeDays: 730, thumbprint: 'shared' }], owner: 'active' },
    { kind: 'home', secrets: [], certs: [{ ageDays: 60, lifetimeDays: 363, thumbprint: 'shared' }], owner: 'none' },
    {
      kind: 'home',
      secrets: [
        { ageDays: 20, lifetimeDays: 180 },
        { ageDays: 100, lifetimeDays: 363 },
      ],
      owner: 'active',
    },
    { kind: 'home', ageDays: 700, lastSignInDaysAgo: 200, owner: 'active' },
    { kind: 'home', ageDays: 400, lastSignInDaysAgo: null, owner: 'none' },
    { kind: 'home', fic: true, secrets: [], owner: 'active', lastSignInDaysAgo: 1 },
    { kind: 'home', sp: false, owner: 'active' },
    { kind: 'home', spEnabled: false, lastSignInDaysAgo: 300, spCerts: [{ ageDays: 500, lifetimeDays: 730 }] },
  ];
}

/** Nudges a day count off a threshold so "older than N days" never depends on < versus <=. */
function avoid(days: number, thresholds: number[]): number {
  let d = days;
  for (const t of thresholds) if (Math.abs(d - t) < 2) d = t + (d >= t ? 3 : -3);
  return d;
}

export function generateEntra(ctx: PlatformGenerateContext): PlatformEstate<EntraTenantData> {
  const { org, rng, now } = ctx;
  const tenantId = rng.uuid();
  const tenantDomain = `${org.name}.onmicrosoft.com`;
  const iso = (daysAgo: number) => rng.daysAgo(now, daysAgo);

  // People as Entra users (departed people stay as disabled accounts with a leave date).
  const users: GraphUser[] = [];
  const userIdByEmail = new Map<string, string>();
  for (const p of org.people) {
    const id = rng.uuid();
    userIdByEmail.set(p.email, id);
    users.push({
      id,
      displayName: p.name,
      userPrincipalName: p.email,
      mail: p.email,
      accountEnabled: p.status === 'active',
      department: p.team,
      jobTitle: rng.pick(['Engineer', 'Senior Engineer', 'Manager', 'Analyst', 'Administrator']),
      createdDateTime: iso(rng.int(400, 2500)),
      employeeLeaveDateTime: p.departedAt ? new Date(p.departedAt).toISOString().replace('.000Z', 'Z') : null,
    });
  }
  const managers: Record<string, string> = {};
  for (const p of org.people)
    if (p.managerEmail) managers[userIdByEmail.get(p.email)!] = userIdByEmail.get(p.managerEmail)!;

  const data: EntraTenantData = {
    tenantId,
    tenantDomain,
    now: now.toISOString(),
    users,
    managers,
    applications: [],
    servicePrincipals: [],
    federatedIdentityCredentials: {},
    owners: {},
    oauth2PermissionGrants: [],
    appRoleAssignments: [],
    signInActivities: [],
  };

  // First-party resource service principals (Microsoft Graph, Exchange Online, one without roles).
  const appRole = (p: PermissionFact): GraphAppRole => ({
    id: p.id,
    value: p.value,
    displayName: p.value,
    description: `Allows the app to ${p.value}`,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  });
  const scope = (p: PermissionFact): GraphPermissionScope => ({
    id: p.id,
    value: p.value,
    adminConsentDisplayName: p.value,
    adminConsentDescription: `Allows the app to ${p.value} on behalf of the signed-in user`,
    type: p.sensitivity === 'low' ? 'User' : 'Admin',
    isEnabled: true,
  });
  const firstParty = (
    appId: string,
    name: string,
    roles: PermissionFact[],
    scopes: PermissionFact[],
  ): GraphServicePrincipal => {
    const sp = blankSp(rng.uuid(), appId, name, MS_TENANT);
    sp.appRoles = roles.map(appRole);
    sp.oauth2PermissionScopes = scopes.map(scope);
    sp.verifiedPublisher = { displayName: 'Microsoft Corporation', verifiedPublisherId: null, addedDateTime: null };
    sp.publisherName = 'Microsoft Services';
    sp.servicePrincipalNames = [
      appId,
      name === 'Microsoft Graph' ? 'https://graph.microsoft.com' : 'https://outlook.office365.com',
    ];
    data.servicePrincipals.push(sp);
    return sp;
  };
  const graphSp = firstParty(MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph', GRAPH_APP_ROLES, GRAPH_SCOPES);
  const exchangeSp = firstParty(EXCHANGE_ONLINE_APP_ID, 'Office 365 Exchange Online', EXCHANGE_APP_ROLES, []);
  firstParty('c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure Portal', [], []);
  const resources = {
    graph: { sp: graphSp, roles: GRAPH_APP_ROLES },
    exchange: { sp: exchangeSp, roles: EXCHANGE_APP_ROLES },
  };

  const hasDeparted = org.departed.length > 0;
  const pickOwner = (kind: 'active' | 'departed' | 'none' | undefined): OrgPerson | null => {
    if (kind === 'active') return rng.pick(org.active);
    if (kind === 'departed') return hasDeparted ? rng.pick(org.departed) : null;
    return null;
  };
  const sharedThumbprint = rng.hex(40).toUpperCase();
  const usedNames = new Set<string>();
  // Resumes each base's suffix search where it stopped (same names as searching from 2; O(n) instead of O(n²)).
  const nextSuffix = new Map<string, number>();
  const uniqueName = (base: string) => {
    let name = base;
    if (usedNames.has(name)) {
      let i = nextSuffix.get(base) ?? 2;
      while (usedNames.has((name = `${base} ${i}`))) i++;
      nextSuffix.set(base, i + 1);
    }
    usedNames.add(name);
    return name;
  };

  /** Start/end of a credential, kept clear of every threshold (rotation age, lifetime, expiry, warning window). */
  const window = (s: SecretSpec): { start: string; end: string } => {
    let age = s.ageDays;
    for (let attempt = 0; ; attempt++) {
      const startMs = Math.floor((now.getTime() - age * 86_400_000) / 1000) * 1000;
      if (s.lifetimeDays === 'never') {
        if (Math.abs(age - 365) >= 2 || attempt > 20) return { start: stamp(startMs), end: NEVER_EXPIRES };
      } else {
        const endMs = startMs + s.lifetimeDays * 86_400_000;
        const remaining = (endMs - now.getTime()) / 86_400_000;
        const clear =
          Math.abs(age - 365) >= 2 &&
          Math.abs(s.lifetimeDays - 365) >= 2 &&
          Math.abs(remaining) >= 2 &&
          Math.abs(remaining - 30) >= 2;
        if (clear || attempt > 20) return { start: stamp(startMs), end: stamp(endMs) };
      }
      age = Math.max(0.5, age - 4);
    }
  };
  const password = (s: SecretSpec, label: string): GraphPasswordCredential => {
    const { start, end } = window(s);
    return {
      keyId: rng.uuid(),
      displayName: label,
      hint: rng.token(3, 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789~.'),
      startDateTime: start,
      endDateTime: end,
      customKeyIdentifier: null,
      secretText: null,
    };
  };
  const certificate = (s: SecretSpec, cn: string): GraphKeyCredential => {
    const { start, end } = window(s);
    const thumb = s.thumbprint === 'shared' ? sharedThumbprint : (s.thumbprint ?? rng.hex(40).toUpperCase());
    return {
      keyId: rng.uuid(),
      displayName: `CN=${cn}`,
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      startDateTime: start,
      endDateTime: end,
      customKeyIdentifier: Buffer.from(thumb, 'hex').toString('base64'),
      key: null,
    };
  };
  const randomSecret = (maxAge: number): SecretSpec => ({
    ageDays: rng.int(1, Math.max(1, Math.min(maxAge, 900))),
    lifetimeDays: rng.weighted<number | 'never'>([
      [90, 1],
      [180, 3],
      [363, 3],
      [730, 1.5],
      ['never', 1.5],
    ]),
  });

  const assign = (spId: string, spName: string, refs: RoleRef[], createdDaysAgo: number) => {
    for (const ref of refs) {
      const [res, value] = ref.split(':') as ['graph' | 'exchange', string];
      const r = resources[res];
      const fact = r.roles.find((p) => p.value === value);
      if (!fact) throw new Error(`unknown app role ${ref}`);
      data.appRoleAssignments.push({
        id: rng.token(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        appRoleId: fact.id,
        createdDateTime: iso(rng.int(1, Math.max(1, createdDaysAgo))),
        deletedDateTime: null,
        principalId: spId,
        principalDisplayName: spName,
        principalType: 'ServicePrincipal',
        resourceId: r.sp.id,
        resourceDisplayName: r.sp.displayName,
      });
    }
  };
  const delegate = (spId: string, d: DelegatedSpec) => {
    const grantId = () => rng.token(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
    if (d.consent === 'AllPrincipals') {
      data.oauth2PermissionGrants.push({
        id: grantId(),
        clientId: spId,
        consentType: 'AllPrincipals',
        principalId: null,
        resourceId: graphSp.id,
        scope: d.scopes.join(' '),
      });
      return;
    }
    const pool = d.departedUser && hasDeparted ? org.departed : org.people;
    const consenters = rng.sample(pool, Math.min(d.users ?? 1, pool.length));
    for (const person of consenters) {
      data.oauth2PermissionGrants.push({
        id: grantId(),
        clientId: spId,
        consentType: 'Principal',
        principalId: userIdByEmail.get(person.email)!,
        resourceId: graphSp.id,
        scope: d.scopes.join(' '),
      });
    }
  };
  const signIn = (appId: string, daysAgo: number | null | undefined, delegated: boolean) => {
    if (daysAgo == null) return;
    const at = iso(avoid(daysAgo, [90]));
    const entry: GraphSignInActivityEntry = { lastSignInDateTime: at, lastSignInRequestId: rng.uuid() };
    const none: GraphSignInActivityEntry = { lastSignInDateTime: null, lastSignInRequestId: null };
    data.signInActivities.push({
      id: Buffer.from(appId).toString('base64'),
      appId,
      lastSignInActivity: entry,
      delegatedClientSignInActivity: delegated ? entry : none,
      delegatedResourceSignInActivity: none,
      applicationAuthenticationClientSignInActivity: delegated ? none : entry,
      applicationAuthenticationResourceSignInActivity: none,
    });
  };
  const randomLastSignIn = (ageDays: number, pNone: number, pStale: number): number | null => {
    const r = rng.next();
    if (r < pNone) return null;
    if (r < pNone + pStale && ageDays > 110) return rng.int(100, Math.min(ageDays, 700));
    return rng.int(0, Math.min(ageDays, 60));
  };
  const randomRoles = (pNone: number, pPriv: number): RoleRef[] => {
    if (rng.chance(pNone)) return [];
    const roles = rng.sample(READ_ROLES, rng.int(1, 2));
    if (rng.chance(0.35)) roles.push(rng.pick(DATA_ROLES));
    if (rng.chance(pPriv)) roles.push(rng.pick(PRIVILEGED_ROLES));
    return [...new Set(roles)];
  };

  const makeHome = (s: HomeSpec) => {
    const team = rng.pick(org.teams);
    const name = uniqueName(`${team}-${rng.pick(HOME_PURPOSES)}`);
    const ageDays = avoid(s.ageDays ?? rng.ageDays(2500) + 5, [90]);
    const secrets =
      s.secrets ??
      Array.from(
        {
          length: rng.weighted([
            [0, 2],
            [1, 5.5],
            [2, 2],
            [3, 0.5],
          ]),
        },
        () => randomSecret(ageDays),
      );
    const certs =
      s.certs ??
      (rng.chance(0.18) ? [{ ageDays: rng.int(1, Math.min(ageDays, 800)), lifetimeDays: rng.pick([363, 730]) }] : []);
    const app: GraphApplication = {
      id: rng.uuid(),
      appId: rng.uuid(),
      displayName: name,
      createdDateTime: iso(ageDays),
      deletedDateTime: null,
      description: null,
      signInAudience: rng.chance(0.85) ? 'AzureADMyOrg' : 'AzureADMultipleOrgs',
      publisherDomain: tenantDomain,
      verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
      identifierUris: [],
      tags: [],
      notes: null,
      requiredResourceAccess: [],
      appRoles: [],
      passwordCredentials: secrets.map((x, i) => password(x, i === 0 ? 'primary' : `secret-${i + 1}`)),
      keyCredentials: certs.map((x) => certificate(x, name)),
    };
    app.identifierUris = [`api://${app.appId}`];
    data.applications.push(app);
    const owner = pickOwner(
      s.owner ??
        rng.weighted([
          ['active', 0.5],
          ['departed', 0.12],
          ['none', 0.38],
        ] as const),
    );
    if (owner) data.owners[app.id] = [userIdByEmail.get(owner.email)!];
    if (s.fic ?? rng.chance(0.12)) {
      const repo = `${org.name}/${name.replace(/[^a-z0-9-]/g, '')}`;
      data.federatedIdentityCredentials[app.id] = [
        {
          id: rng.uuid(),
          name: 'github-actions-main',
          issuer: 'https://token.actions.githubusercontent.com',
          subject: `repo:${repo}:ref:refs/heads/main`,
          audiences: ['api://AzureADTokenExchange'],
          description: 'GitHub Actions deploys from main',
        },
      ];
    }
    if (!(s.sp ?? rng.chance(0.95))) return;
    const sp = blankSp(rng.uuid(), app.appId, name, tenantId);
    sp.accountEnabled = s.spEnabled ?? rng.chance(0.93);
    sp.signInAudience = app.signInAudience;
    sp.servicePrincipalNames = [app.appId, `api://${app.appId}`];
    sp.tags = ['WindowsAzureActiveDirectoryIntegratedApp'];
    sp.publisherName = org.name;
    const spSecrets = s.spSecrets ?? (rng.chance(0.04) ? [randomSecret(ageDays)] : []);
    sp.passwordCredentials = spSecrets.map((x) => password(x, 'sp-secret'));
    sp.keyCredentials = (s.spCerts ?? []).map((x) => certificate(x, `${name}-sp`));
    data.servicePrincipals.push(sp);
    const roles = s.appRoles ?? randomRoles(0.35, 0.06);
    const required = new Map<string, Array<{ id: string; type: 'Scope' | 'Role' }>>();
    for (const ref of roles) {
      const [res, value] = ref.split(':') as ['graph' | 'exchange', string];
      const fact = resources[res].roles.find((p) => p.value === value)!;
      const list = required.get(resources[res].sp.appId) ?? [];
      list.push({ id: fact.id, type: 'Role' });
      required.set(resources[res].sp.appId, list);
    }
    app.requiredResourceAccess = [...required].map(([resourceAppId, resourceAccess]) => ({
      resourceAppId,
      resourceAccess,
    }));
    assign(sp.id, name, roles, ageDays);
    const delegated =
      s.delegated !== undefined
        ? s.delegated
        : rng.chance(0.25)
          ? { consent: 'AllPrincipals' as const, scopes: ['openid', 'profile', 'User.Read'] }
          : null;
    if (delegated) delegate(sp.id, delegated);
    signIn(
      app.appId,
      s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : randomLastSignIn(ageDays, 0.25, 0.25),
      false,
    );
  };

  const makeThird = (s: ThirdSpec) => {
    const [product, company] = rng.pick(VENDORS);
    const verified = s.verified ?? (company !== '' && rng.chance(0.8));
    const name = uniqueName(product);
    const sp = blankSp(rng.uuid(), rng.uuid(), name, rng.uuid());
    sp.accountEnabled = s.enabled ?? rng.chance(0.95);
    sp.signInAudience = 'AzureADMultipleOrgs';
    sp.servicePrincipalNames = [sp.appId];
    sp.tags = ['WindowsAzureActiveDirectoryIntegratedApp'];
    if (verified) {
      const publisher = company || `${product} Inc.`;
      sp.verifiedPublisher = {
        displayName: publisher,
        verifiedPublisherId: String(rng.int(1_000_000, 9_999_999)),
        addedDateTime: iso(rng.int(100, 1500)),
      };
      sp.publisherName = publisher;
    } else {
      sp.publisherName = company || rng.pick(UNVERIFIED_DEVS);
    }
    data.servicePrincipals.push(sp);
    const owner = pickOwner(s.spOwner ?? (rng.chance(0.05) ? 'active' : 'none'));
    if (owner) data.owners[sp.id] = [userIdByEmail.get(owner.email)!];
    assign(sp.id, name, s.appRoles ?? (rng.chance(0.1) ? [rng.pick(DATA_ROLES)] : []), 600);
    const delegated =
      s.delegated !== undefined
        ? s.delegated
        : {
            consent: rng.chance(0.35) ? ('AllPrincipals' as const) : ('Principal' as const),
            scopes: [
              ...rng.sample(LOW_SCOPES, rng.int(2, 4)),
              ...(rng.chance(0.5) ? rng.sample(EXTRA_SCOPES, rng.int(1, 2)) : []),
            ],
            users: rng.int(1, 4),
          };
    if (delegated) delegate(sp.id, delegated);
    signIn(
      sp.appId,
      s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : randomLastSignIn(1000, 0.2, 0.25),
      !!delegated,
    );
  };

  const makeManaged = (s: ManagedSpec) => {
    const name = uniqueName(`mi-${rng.pick(org.teams)}-${rng.pick(['aks', 'func', 'vm', 'logic', 'batch', 'webapp'])}`);
    const sp = blankSp(rng.uuid(), rng.uuid(), name, MS_TENANT);
    sp.servicePrincipalType = 'ManagedIdentity';
    sp.servicePrincipalNames = [sp.appId, `https://identity.azure.net/${rng.token(40)}`];
    sp.alternativeNames = [
      'isExplicit=True',
      `/subscriptions/${rng.uuid()}/resourcegroups/rg-${name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    ];
    sp.publisherName = null;
    data.servicePrincipals.push(sp);
    assign(sp.id, name, s.appRoles ?? randomRoles(0.3, 0.08), 500);
    signIn(sp.appId, s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : randomLastSignIn(1000, 0.1, 0.2), false);
  };

  const make = (s: Spec) => (s.kind === 'home' ? makeHome(s) : s.kind === 'third' ? makeThird(s) : makeManaged(s));
  const target = Math.max(ctx.count, 50);
  const planted = [...plantedRound(hasDeparted), ...plantedRound(hasDeparted), ...plantedRound(hasDeparted)];
  let made = 0;
  for (const s of planted) {
    if (made >= target && made >= planted.length) break;
    make(s);
    made++;
  }
  for (; made < target; made++) {
    make(
      rng.weighted<Spec>([
        [{ kind: 'home' }, 0.55],
        [{ kind: 'third' }, 0.27],
        [{ kind: 'mi' }, 0.18],
      ]),
    );
  }
  return { data, identities: labelEntra(data) };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function blankSp(id: string, appId: string, displayName: string, owningTenant: string): GraphServicePrincipal {
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

export type { Random };
