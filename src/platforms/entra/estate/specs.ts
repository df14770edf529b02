import type { DirectoryRoleKey } from './catalogue.js';
import type { GraphRiskyServicePrincipal } from './types.js';

/**
 * What the Entra generator plants: the kinds of identity it makes (specs), the planted round of deliberate risks,
 * and the vocabularies random identities draw from.
 */
/** A credential to create: its age and lifetime in days ('never' = Graph's far-future end date). */
export interface SecretSpec {
  ageDays: number;
  lifetimeDays: number | 'never';
  thumbprint?: string;
}
export type RoleRef = `${'graph' | 'exchange'}:${string}`;
/** A directory role to assign to the service principal: tenant-wide, or `@app` scoped to one application object. */
export type DirectoryRoleRef = DirectoryRoleKey | `${DirectoryRoleKey}@app`;
/** Identity Protection's rating of the service principal: [riskLevel, riskState] as Graph spells them. */
export type RiskSpec = [GraphRiskyServicePrincipal['riskLevel'], GraphRiskyServicePrincipal['riskState']];
export interface DelegatedSpec {
  consent: 'AllPrincipals' | 'Principal';
  scopes: string[];
  users?: number;
  departedUser?: boolean;
}

export interface HomeSpec {
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
  directoryRoles?: DirectoryRoleRef[];
  risk?: RiskSpec;
  /** Service principals of the tenant that co-own the application (after its user owner, if any). */
  spOwners?: number;
  /** The application's signInAudience (else drawn: mostly single-tenant). */
  audience?: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  /** Whether the app instance property lock is on (else: on for apps registered recently). */
  instanceLock?: boolean;
}
export interface ThirdSpec {
  kind: 'third';
  verified?: boolean;
  enabled?: boolean;
  appRoles?: RoleRef[];
  delegated?: DelegatedSpec | null;
  spOwner?: 'active' | 'departed' | 'none';
  lastSignInDaysAgo?: number | null;
  directoryRoles?: DirectoryRoleRef[];
  risk?: RiskSpec;
}
export interface ManagedSpec {
  kind: 'mi';
  /** System-assigned (one Azure resource's own identity) or user-assigned (a standalone identity resource). */
  assigned?: 'system' | 'user';
  appRoles?: RoleRef[];
  lastSignInDaysAgo?: number | null;
  directoryRoles?: DirectoryRoleRef[];
  risk?: RiskSpec;
}
/** An Entra Agent ID blueprint with one agent identity per entry, sponsored by such a person (or nobody). */
export interface AgentSpec {
  kind: 'agent';
  sponsors: Array<'active' | 'departed' | 'none'>;
  appRoles?: RoleRef[];
  lastSignInDaysAgo?: number | null;
}
export type Spec = HomeSpec | ThirdSpec | ManagedSpec | AgentSpec;

export const HOME_PURPOSES = [
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
export const VENDORS: Array<[string, string]> = [
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
export const UNVERIFIED_DEVS = [
  'Quick Apps Ltd',
  'DevTools Studio',
  'A. Developer',
  'Productivity Labs',
  'Cloud Helpers',
];
export const LOW_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'User.Read'];
export const EXTRA_SCOPES = [
  'Calendars.Read',
  'Mail.Read',
  'Mail.Send',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Mail.ReadWrite',
];
export const READ_ROLES: RoleRef[] = [
  'graph:User.Read.All',
  'graph:Directory.Read.All',
  'graph:Group.Read.All',
  'graph:AuditLog.Read.All',
  'graph:Application.Read.All',
  'graph:Sites.Read.All',
];
export const DATA_ROLES: RoleRef[] = [
  'graph:Mail.Read',
  'graph:Mail.Send',
  'graph:Files.Read.All',
  'graph:Files.ReadWrite.All',
  'graph:Group.ReadWrite.All',
  'graph:Mail.ReadWrite',
];
export const PRIVILEGED_ROLES: RoleRef[] = [
  'graph:Directory.ReadWrite.All',
  'graph:Application.ReadWrite.All',
  'graph:AppRoleAssignment.ReadWrite.All',
  'graph:RoleManagement.ReadWrite.Directory',
  'exchange:full_access_as_app',
];

/** One round of deliberately planted risks; repeated (with random variation elsewhere) so every risk appears several times. */
export function plantedRound(hasDeparted: boolean): Spec[] {
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
    {
      kind: 'home',
      spSecrets: [{ ageDays: 30, lifetimeDays: 363 }],
      owner: 'active',
      audience: 'AzureADMultipleOrgs',
      instanceLock: true,
    },
    {
      kind: 'home',
      secrets: [{ ageDays: 200, lifetimeDays: 'never' }],
      owner: 'active',
      audience: 'AzureADMultipleOrgs',
      instanceLock: false,
    },
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
    // Directory roles held by service principals (tenant-wide unless `@app`) and managed identities.
    {
      kind: 'home',
      sp: true,
      appRoles: [],
      directoryRoles: ['globalAdministrator'],
      owner: 'active',
      lastSignInDaysAgo: 3,
    },
    {
      kind: 'third',
      verified: true,
      appRoles: [],
      delegated: null,
      directoryRoles: ['privilegedRoleAdministrator'],
      lastSignInDaysAgo: 4,
    },
    {
      kind: 'mi',
      assigned: 'system',
      appRoles: [],
      directoryRoles: ['applicationAdministrator'],
      lastSignInDaysAgo: 1,
    },
    {
      kind: 'mi',
      assigned: 'user',
      appRoles: [],
      directoryRoles: ['cloudApplicationAdministrator'],
      lastSignInDaysAgo: 2,
    },
    {
      kind: 'home',
      sp: true,
      appRoles: [],
      directoryRoles: ['privilegedAuthenticationAdministrator'],
      owner: 'none',
      lastSignInDaysAgo: 5,
    },
    {
      kind: 'home',
      sp: true,
      appRoles: [],
      directoryRoles: ['directoryReaders', 'applicationAdministrator@app'],
      owner: 'active',
      lastSignInDaysAgo: 2,
    },
    { kind: 'mi', assigned: 'system', appRoles: [], directoryRoles: ['globalReader'], lastSignInDaysAgo: 1 },
    // Entra Agent ID: agents sponsored by someone, by nobody, by someone who left.
    { kind: 'agent', sponsors: ['active', 'none'], appRoles: ['graph:User.Read.All'], lastSignInDaysAgo: 1 },
    { kind: 'agent', sponsors: ['none', departed], appRoles: [], lastSignInDaysAgo: 3 },
    // Identity Protection ratings: critical (high at risk, confirmed compromised), high (medium at risk), and
    // negatives (remediated, low).
    { kind: 'third', verified: false, appRoles: [], delegated: null, risk: ['high', 'atRisk'], lastSignInDaysAgo: 1 },
    {
      kind: 'home',
      sp: true,
      appRoles: [],
      owner: 'active',
      risk: ['low', 'confirmedCompromised'],
      lastSignInDaysAgo: 2,
    },
    { kind: 'mi', appRoles: [], risk: ['medium', 'atRisk'], lastSignInDaysAgo: 1 },
    { kind: 'home', sp: true, appRoles: [], owner: 'active', risk: ['high', 'remediated'], lastSignInDaysAgo: 4 },
    { kind: 'third', verified: true, appRoles: [], delegated: null, risk: ['low', 'atRisk'], lastSignInDaysAgo: 6 },
    // Owners of every kind: a person plus service principals, past Graph's 20-item $expand cap; and one
    // application whose only owner is a workload (no person: unowned for the rules).
    { kind: 'home', owner: 'active', spOwners: 24, lastSignInDaysAgo: 3 },
    { kind: 'home', owner: 'none', spOwners: 1, appRoles: ['graph:Application.ReadWrite.All'], lastSignInDaysAgo: 2 },
  ];
}

/** Directory roles random identities may hold (rarely): readers and a workload administrator. */
export const COMMON_DIRECTORY_ROLES: DirectoryRoleRef[] = [
  'directoryReaders',
  'globalReader',
  'securityReader',
  'exchangeAdministrator',
];

/** Nudges a day count off a threshold so "older than N days" never depends on < versus <=. */
export function avoid(days: number, thresholds: number[]): number {
  let d = days;
  for (const t of thresholds) if (Math.abs(d - t) < 2) d = t + (d >= t ? 3 : -3);
  return d;
}
