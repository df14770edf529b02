import type { PermissionFacts } from './oracle.js';
import {
  ALL_DATA_PERMISSIONS,
  API_LOGIN_TYPES,
  INTEGRATION_NAMES,
  LOGIN_WINDOW_DAYS,
  PERMISSION_SETS,
  PROFILES,
  type ProfileDef,
  tierOf,
} from './catalogue.js';
import { type GenContext, ago, agoMs, identityId, label, ownerOf, sfId } from './context.js';
import type { SfRecord } from './types.js';
import { assign, assignProfile, login, permissionSetRecord, userRecord } from './users.js';

const INTEGRATION_PROFILES: ProfileDef[] = [
  PROFILES.apiOnlyIntegration,
  PROFILES.customApiOnly,
  PROFILES.integrationLicenceFull,
];

/** The permission set records, one per definition (shared by every assignment). */
function permissionSets(c: GenContext): SfRecord[] {
  return PERMISSION_SETS.map((d) => permissionSetRecord(sfId(c, '0PS'), d.name, d.label, d.permissions, null));
}

/** Who created an integration user or app: mostly an administrator, sometimes any person (departed ones too). */
export function creatorOf(c: GenContext): SfRecord {
  return c.rng.chance(0.7) || c.humans.length === 0 ? c.rng.pick(c.admins) : c.rng.pick(c.humans);
}

/** Successful logins, latest first; null when none in the window. */
function integrationLogins(c: GenContext, userId: string, active: boolean): string | null {
  if (!active || !c.rng.chance(0.8)) return null;
  const latest = agoMs(c, c.rng.next() * (LOGIN_WINDOW_DAYS - 5));
  login(c, userId, latest, c.rng.pick(API_LOGIN_TYPES));
  const older = c.rng.int(0, 2);
  for (let i = 0; i < older; i++) login(c, userId, latest - c.rng.int(1, 40) * 3_600_000, c.rng.pick(API_LOGIN_TYPES));
  return new Date(latest).toISOString();
}

function labelUser(
  c: GenContext,
  u: SfRecord,
  profile: ProfileDef,
  sets: SfRecord[],
  lastLogin: string | null,
  basis: 'declared' | 'api_logins',
): void {
  const names = [
    ...profile.permissions,
    ...sets.flatMap((s) => PERMISSION_SETS.find((d) => d.name === s.Name)?.permissions ?? []),
  ];
  const permissions: PermissionFacts[] = [...new Set(names)].map((n) => ({ nativeName: n, ...tierOf(n) }));
  const risks: string[] = [];
  if (names.some((n) => ALL_DATA_PERMISSIONS.includes(n))) risks.push('salesforce-integration-user-all-data');
  if (basis === 'api_logins') risks.push('salesforce-human-profile-integration-user');
  label(c, {
    id: identityId(c, 'integration_user', String(u.Id)),
    tenant: c.myDomain,
    kind: 'integration_user',
    name: String(u.Username),
    createdAt: String(u.CreatedDate),
    lastUsedAt: lastLogin,
    usageTracked: true,
    enabled: u.IsActive === true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions,
    owner: ownerOf(c, u.CreatedById, 'creator'),
    platformRisks: risks,
  });
}

/** Dedicated integration users: API-only profiles or the Salesforce Integration licence, some with broad permission sets. */
export function generateIntegrationUsers(c: GenContext, count: number): void {
  const sets = permissionSets(c);
  for (let i = 0; i < count; i++) {
    const profile = INTEGRATION_PROFILES[i % INTEGRATION_PROFILES.length];
    const name = `${c.rng.pick(INTEGRATION_NAMES)}-${i}`;
    const u = userRecord(c, {
      username: `${name}@${c.myDomain}.integration`,
      name: `Integration ${name}`,
      email: `integrations@${c.company.domain}`,
      active: i < 2 || c.rng.chance(0.9),
      profile,
      createdById: String(creatorOf(c).Id),
      created: ago(c, 30 + c.rng.ageDays(1800)),
    });
    c.tables.User.push(u);
    const id = String(u.Id);
    assignProfile(c, id, profile);
    const own = i === 0 ? [sets[0]] : sets.slice(1).filter(() => c.rng.chance(0.25));
    if (i > 0 && c.rng.chance(0.1)) own.push(sets[0]);
    for (const s of own) assign(c, id, s);
    labelUser(c, u, profile, own, integrationLogins(c, id, u.IsActive === true), 'declared');
  }
}

/** People's accounts used only through the API (users.ts gave them their logins): labelled as integration users. */
export function labelApiHumans(c: GenContext, planted: Set<string>): void {
  const latest = new Map<string, string>();
  for (const l of c.tables.LoginHistory) {
    const user = String(l.UserId);
    if (!planted.has(user) || l.Status !== 'Success') continue;
    const at = new Date(Date.parse(String(l.LoginTime))).toISOString();
    if (!latest.has(user) || at > latest.get(user)!) latest.set(user, at);
  }
  for (const u of c.tables.User) {
    if (!planted.has(String(u.Id))) continue;
    const profile = c.admins.includes(u) ? PROFILES.admin : PROFILES.standard;
    labelUser(c, u, profile, [], latest.get(String(u.Id)) ?? null, 'api_logins');
  }
}
