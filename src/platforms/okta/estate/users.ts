import type { OrgPerson } from '../../../emulation/estate/org.js';
import { ROLES } from './catalogue.js';
import { type GenContext, ago, oktaId } from './context.js';
import type { OktaRoleData, OktaUserData, OktaUserStatus } from './types.js';

const capital = (s: string) => (s ? `${s[0].toUpperCase()}${s.slice(1)}` : s);

export function roleAssignment(c: GenContext, type: string, index: number, createdDaysAgo: number): OktaRoleData {
  const created = ago(c, createdDaysAgo);
  return {
    id: oktaId(c, 'irb', index),
    type,
    label: ROLES[type].label,
    status: 'ACTIVE',
    created,
    lastUpdated: created,
  };
}

/** Departed people are deactivated (DEPROVISIONED) by the IdP's offboarding, a few only SUSPENDED. */
function statusOf(c: GenContext, p: OrgPerson): OktaUserStatus {
  if (p.status === 'active') return 'ACTIVE';
  return c.rng.chance(0.25) ? 'SUSPENDED' : 'DEPROVISIONED';
}

function user(c: GenContext, p: OrgPerson): OktaUserData {
  const created = ago(c, 400 + c.rng.ageDays(2200));
  const status = statusOf(c, p);
  const [first, last] = p.email.split('@')[0].split('.');
  const changed = p.departedAt ?? ago(c, c.rng.int(2, 300));
  return {
    id: oktaId(c, '00u', p.index),
    status,
    created,
    activated: created,
    statusChanged: changed,
    lastLogin: status === 'ACTIVE' ? ago(c, c.rng.next() * 20) : null,
    lastUpdated: changed,
    profile: {
      login: p.email,
      email: p.email,
      firstName: capital(first ?? p.login),
      lastName: capital((last ?? '').replace(/\d+$/, '')),
    },
    roles: [],
  };
}

/** Admin roles: two super admins, a few org admins, then the other standard roles over a tenth of the people. */
const ROLE_PLAN = ['SUPER_ADMIN', 'SUPER_ADMIN', 'ORG_ADMIN', 'ORG_ADMIN', 'ORG_ADMIN', 'APP_ADMIN'];
const OTHER_ROLES = [
  'APP_ADMIN',
  'USER_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
  'HELP_DESK_ADMIN',
  'READ_ONLY_ADMIN',
  'REPORT_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
];

function assignRoles(c: GenContext): void {
  const people = c.company.people;
  const admins = Math.max(ROLE_PLAN.length + 2, Math.round(people.length / 10));
  // Admins are spread over the list so some of them have since left (their tokens stay behind).
  const step = Math.max(1, Math.floor(people.length / admins));
  let n = 0;
  for (let i = 0; i < admins && i * step < people.length; i++) {
    const u = c.userOf.get(people[i * step].index)!;
    const type = ROLE_PLAN[i] ?? c.rng.pick(OTHER_ROLES);
    u.roles.push(roleAssignment(c, type, n++, c.rng.int(30, 1500)));
    if (c.rng.chance(0.15)) {
      const extra = c.rng.pick(OTHER_ROLES);
      if (!u.roles.some((r) => r.type === extra)) u.roles.push(roleAssignment(c, extra, n++, c.rng.int(30, 900)));
    }
  }
  // A departed admin whose tokens outlived them, whenever anyone has departed.
  const gone = c.company.departed[0];
  const goneUser = gone && c.userOf.get(gone.index);
  if (goneUser && !goneUser.roles.some((r) => ROLES[r.type].createsTokens))
    goneUser.roles.push(roleAssignment(c, 'ORG_ADMIN', n++, c.rng.int(400, 900)));
}

/** Every org person is an Okta user (Okta is the IdP); managers by Okta user id; admin roles on some. */
export function generateUsers(c: GenContext): OktaUserData[] {
  for (const p of c.company.people) {
    const u = user(c, p);
    c.users.push(u);
    c.userOf.set(p.index, u);
    c.personOf.set(u.id, p);
  }
  const byEmail = new Map(c.company.people.map((p) => [p.email, p]));
  for (const p of c.company.people) {
    const manager = p.managerEmail ? byEmail.get(p.managerEmail) : undefined;
    if (manager) c.userOf.get(p.index)!.profile.managerId = c.userOf.get(manager.index)!.id;
  }
  assignRoles(c);
  const holders = c.users.filter((u) => u.roles.some((r) => ROLES[r.type].createsTokens));
  c.tokenCreators = [...holders.filter((u) => u.status === 'ACTIVE'), ...holders.filter((u) => u.status !== 'ACTIVE')];
  // Grants outlive the admin who made them: departed app admins stay in the list (after the active ones).
  const appAdmins = c.users.filter((u) =>
    u.roles.some((r) => ['SUPER_ADMIN', 'ORG_ADMIN', 'APP_ADMIN'].includes(r.type)),
  );
  c.appAdmins = [...appAdmins.filter((u) => u.status === 'ACTIVE'), ...appAdmins.filter((u) => u.status !== 'ACTIVE')];
  return c.users;
}
