import { personId, type PersonInput } from '../../../model/index.js';
import { graphDate } from './dates.js';
import { type Graph, q } from './graph.js';
import type { WireUser } from './graph-types.js';
import { guardPayload, idOf } from '../../../lib/payload.js';

/** What an ownership claim needs of a user: the address it is referenced by. */
export interface UserContact {
  mail?: string | null;
  userPrincipalName?: string | null;
}

export const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'accountEnabled',
  'department',
  'jobTitle',
  'createdDateTime',
  'employeeLeaveDateTime',
];

// Graph's users/delta takes $expand=manager but answers with `manager@delta` (the manager's id) whatever is nested.
const USERS_DELTA = `/users/delta?$select=${USER_SELECT.join(',')}&$expand=manager`;

/**
 * GET /users/delta (people): the initial round lists every user, a later round (from its deltaLink) only changes;
 * both end with the deltaLink returned.
 */
export function eachUserDelta(graph: Graph, onPage: (users: WireUser[]) => Promise<void>) {
  return graph.each<WireUser>(USERS_DELTA, 'users.delta', onPage);
}

/** The manager's object id a user carries: `manager@delta` (delta rounds) or an expanded `manager` (GET by id). */
export function managerIdOf(u: WireUser): string | null {
  const ref = u['manager@delta']?.find((m) => typeof m?.id === 'string' && !('@removed' in m)) ?? u.manager;
  return typeof ref?.id === 'string' && ref.id ? ref.id : null;
}

/** A user's address: mail, else UPN, lower case. */
export const contactEmail = (u: UserContact): string | null =>
  (u.mail ?? u.userPrincipalName ?? null)?.toLowerCase() ?? null;

/** GET /users/{id}: the contact of one consenting user (an empty contact when the user is gone). */
export async function getUserContact(graph: Graph, id: string): Promise<UserContact> {
  return (await graph.get<WireUser>(`/users/${q(id)}?$select=id,mail,userPrincipalName`, 'users')) ?? {};
}

/**
 * An Entra user → Person. Pure. A disabled account with an employeeLeaveDateTime is someone who left
 * ('departed'); a disabled account without one is 'disabled'. Department doubles as team (Entra has no team field).
 * The manager's address comes expanded (GET by id), or from `managerContact` when a delta round named only the id.
 */
function transformUserUnguarded(tenant: string, u: WireUser, managerContact?: UserContact): PersonInput {
  const email = contactEmail(u);
  const leave = graphDate(u.employeeLeaveDateTime);
  const status = u.accountEnabled === false ? (leave ? 'departed' : 'disabled') : 'active';
  const expanded = u.manager && (u.manager.mail || u.manager.userPrincipalName) ? u.manager : undefined;
  const contact = expanded ?? managerContact;
  const manager = contact ? contactEmail(contact) : null;
  return {
    id: personId('entra', tenant, u.id),
    source: 'entra',
    tenant,
    nativeId: u.id,
    email,
    name: u.displayName ?? null,
    login: u.userPrincipalName ?? null,
    status,
    departedAt: status === 'departed' ? leave : null,
    managerEmail: manager,
    team: u.department ?? null,
    department: u.department ?? null,
    attributes: {
      accountEnabled: u.accountEnabled ?? null,
      jobTitle: u.jobTitle ?? null,
      createdAt: graphDate(u.createdDateTime),
    },
  };
}

/** transformUser with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformUser = guardPayload(
  (_tenant: string, u: WireUser, _manager?: UserContact) => `Entra user ${idOf(u.id)}`,
  transformUserUnguarded,
);
