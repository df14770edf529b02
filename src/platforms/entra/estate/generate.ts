import type { PlatformEstate, PlatformGenerateContext } from '../../../emulation/estate/generator.js';
import type { Random } from '../../../emulation/estate/random.js';
import { makeAgents } from './agents.js';
import { makeHome } from './home-apps.js';
import { makeManaged } from './managed-identities.js';
import { labelEntra } from './oracle.js';
import { plantedRound, type Spec } from './specs.js';
import { TenantBuilder } from './tenant-builder.js';
import { makeThird } from './third-party.js';
import type { EntraTenantData, GraphUser } from './types.js';

export { NEVER_EXPIRES } from './tenant-builder.js';

/**
 * A generated Entra tenant: the organisation's people as users, Microsoft's resource SPs, then three planted rounds
 * of deliberate risks (specs.ts) and random applications, third-party apps and managed identities up to the count.
 * Labels come from the estate's own oracle (oracle.ts).
 */
export function generateEntra(ctx: PlatformGenerateContext): PlatformEstate<EntraTenantData> {
  const { org, rng, now } = ctx;
  const tenantId = rng.uuid();
  const { users, userIdByEmail, managers } = entraUsers(ctx);
  const data: EntraTenantData = {
    tenantId,
    tenantDomain: `${org.name}.onmicrosoft.com`,
    now: now.toISOString(),
    users,
    managers,
    applications: [],
    servicePrincipals: [],
    federatedIdentityCredentials: {},
    owners: {},
    sponsors: {},
    oauth2PermissionGrants: [],
    appRoleAssignments: [],
    signInActivities: [],
    roleDefinitions: [],
    roleAssignments: [],
  };
  const b = new TenantBuilder(data, org, rng, now, userIdByEmail);
  // People administer the tenant too: the role assignment list is mostly users', which are no NHIs.
  for (const admin of org.active.slice(0, 2))
    b.assignDirectoryRoles(userIdByEmail.get(admin.email) as string, ['globalAdministrator'], null);
  const make = (s: Spec) => {
    if (s.kind === 'home') makeHome(b, s);
    else if (s.kind === 'third') makeThird(b, s);
    else if (s.kind === 'agent') makeAgents(b, s);
    else makeManaged(b, s);
  };
  const target = Math.max(ctx.count, 50);
  const planted = [...plantedRound(b.hasDeparted), ...plantedRound(b.hasDeparted), ...plantedRound(b.hasDeparted)];
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

/** People as Entra users (departed people stay as disabled accounts with a leave date), and their managers. */
function entraUsers({ org, rng, now }: PlatformGenerateContext) {
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
      createdDateTime: rng.daysAgo(now, rng.int(400, 2500)),
      employeeLeaveDateTime: p.departedAt ? new Date(p.departedAt).toISOString().replace('.000Z', 'Z') : null,
    });
  }
  const managers: Record<string, string> = {};
  for (const p of org.people)
    if (p.managerEmail) managers[userIdByEmail.get(p.email) as string] = userIdByEmail.get(p.managerEmail) as string;
  return { users, userIdByEmail, managers };
}

export type { Random };
