import type { OrgPerson } from '../../../emulation/estate/org.js';
import { API_LOGIN_TYPES, LOGIN_WINDOW_DAYS, type ProfileDef, PROFILES, UI_LOGIN_TYPE } from './catalogue.js';
import { type GenContext, ago, agoMs, sfId, sfTime } from './context.js';
import type { SfRecord } from './types.js';

/** The permission set Salesforce keeps for each profile (IsOwnedByProfile), one per profile. */
const profileSets = new WeakMap<GenContext, Map<string, SfRecord>>();

export function profileRecord(p: ProfileDef): Record<string, unknown> {
  return { Name: p.name, PermissionsApiUserOnly: p.apiOnly, UserLicense: { Name: p.licence } };
}

/** A permission set record (the nested PermissionSet of an assignment): every system permission field set. */
export function permissionSetRecord(
  id: string,
  name: string,
  label: string,
  permissions: readonly string[],
  profileName: string | null,
): SfRecord {
  const flag = (p: string) => permissions.includes(p);
  return {
    Id: id,
    Name: name,
    Label: label,
    IsOwnedByProfile: profileName !== null,
    Profile: profileName ? { Name: profileName } : null,
    PermissionsModifyAllData: flag('ModifyAllData'),
    PermissionsViewAllData: flag('ViewAllData'),
    PermissionsManageUsers: flag('ManageUsers'),
    PermissionsCustomizeApplication: flag('CustomizeApplication'),
    PermissionsAuthorApex: flag('AuthorApex'),
    PermissionsApiEnabled: flag('ApiEnabled'),
  };
}

/** Assigns a permission set (a profile's own or another) to a user. */
export function assign(c: GenContext, userId: string, set: SfRecord): void {
  c.tables.PermissionSetAssignment.push({
    Id: sfId(c, '0Pa'),
    AssigneeId: userId,
    PermissionSetId: set.Id,
    PermissionSet: set,
  });
}

export function assignProfile(c: GenContext, userId: string, p: ProfileDef): void {
  let sets = profileSets.get(c);
  if (!sets) {
    sets = new Map();
    profileSets.set(c, sets);
  }
  let set = sets.get(p.name);
  if (!set) {
    const id = sfId(c, '0PS');
    set = permissionSetRecord(id, `X00e${id.slice(3, 14)}`, p.name, p.permissions, p.name);
    sets.set(p.name, set);
  }
  assign(c, userId, set);
}

export function userRecord(
  c: GenContext,
  fields: {
    username: string;
    name: string;
    email: string;
    active: boolean;
    profile: ProfileDef;
    createdById: string | null;
    created: string;
  },
): SfRecord {
  const id = sfId(c, '005');
  return {
    Id: id,
    Username: fields.username,
    Name: fields.name,
    Email: fields.email,
    IsActive: fields.active,
    UserType: 'Standard',
    ManagerId: null,
    CreatedDate: fields.created,
    CreatedById: fields.createdById ?? id,
    ProfileId: sfId(c, '00e'),
    Profile: profileRecord(fields.profile),
  };
}

export function login(c: GenContext, userId: string, atMs: number, type: string, status = 'Success'): void {
  c.tables.LoginHistory.push({
    Id: sfId(c, '0Ya'),
    UserId: userId,
    LoginTime: sfTime(atMs),
    LoginType: type,
    Status: status,
    Application: type === UI_LOGIN_TYPE ? 'Browser' : 'N/A',
  });
}

/** Browser logins of a human (sometimes with an API login too, so it is never taken for an integration). */
function humanLogins(c: GenContext, userId: string): void {
  if (!c.rng.chance(0.6)) return;
  const n = c.rng.int(1, 3);
  for (let i = 0; i < n; i++) login(c, userId, agoMs(c, c.rng.next() * LOGIN_WINDOW_DAYS), UI_LOGIN_TYPE);
  if (c.rng.chance(0.15)) login(c, userId, agoMs(c, c.rng.next() * LOGIN_WINDOW_DAYS), c.rng.pick(API_LOGIN_TYPES));
  if (c.rng.chance(0.1))
    login(c, userId, agoMs(c, c.rng.next() * LOGIN_WINDOW_DAYS), UI_LOGIN_TYPE, 'Invalid Password');
}

/** Only API logins: a person's account that software uses (the NHI10 plant). */
export function apiOnlyLogins(c: GenContext, userId: string): void {
  const n = c.rng.int(1, 4);
  for (let i = 0; i < n; i++) login(c, userId, agoMs(c, 0.5 + c.rng.next() * 60), c.rng.pick(API_LOGIN_TYPES));
}

function human(c: GenContext, p: OrgPerson, firstAdmin: string | null): SfRecord {
  const profile = p.index < 3 ? PROFILES.admin : PROFILES.standard;
  return userRecord(c, {
    username: p.email,
    name: p.name,
    email: p.email,
    active: p.status === 'active',
    profile,
    createdById: firstAdmin,
    created: ago(c, 200 + c.rng.ageDays(2000)),
  });
}

/**
 * Every org person as a standard user (the first three are System Administrators; departed people inactive),
 * managers linked, each with its profile's permission set; `apiHumans` active people log in only through the API,
 * the others in a browser now and then. Plus one Automated Process user the connector's filter must leave out.
 */
export function generateUsers(c: GenContext, apiHumans: number): Set<string> {
  const byEmail = new Map<string, SfRecord>();
  let firstAdmin: string | null = null;
  const planted = new Set<string>();
  for (const p of c.company.people) {
    const u = human(c, p, firstAdmin);
    const id = String(u.Id);
    firstAdmin ??= id;
    c.tables.User.push(u);
    byEmail.set(p.email, u);
    c.personOf.set(id, p);
    c.humans.push(u);
    assignProfile(c, id, p.index < 3 ? PROFILES.admin : PROFILES.standard);
    if (p.index < 3) c.admins.push(u);
    if (p.status !== 'active') continue;
    c.activeHumans.push(u);
    if (p.index >= 3 && planted.size < apiHumans) {
      planted.add(id);
      apiOnlyLogins(c, id);
    } else humanLogins(c, id);
  }
  for (const p of c.company.people) {
    const manager = p.managerEmail ? byEmail.get(p.managerEmail) : undefined;
    const u = byEmail.get(p.email)!;
    u.ManagerId = manager?.Id ?? null;
    u.Manager = manager ? { Email: manager.Email } : null;
  }
  c.tables.User.push({
    ...userRecord(c, {
      username: `autoproc@${c.myDomain}.example`,
      name: 'Automated Process',
      email: `autoproc@${c.myDomain}.example`,
      active: true,
      profile: PROFILES.standard,
      createdById: firstAdmin,
      created: ago(c, 900),
    }),
    UserType: 'AutomatedProcess',
  });
  return planted;
}
