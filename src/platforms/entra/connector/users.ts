import { personId, type PersonInput } from '../../../model/index.js';
import { graphDate } from './dates.js';
import type { WireUser } from './graph-types.js';

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

/**
 * An Entra user → Person. Pure. A disabled account with an employeeLeaveDateTime is someone who left
 * ('departed'); a disabled account without one is 'disabled'. Department doubles as team (Entra has no team field).
 */
export function transformUser(tenant: string, u: WireUser): PersonInput {
  const email = (u.mail ?? u.userPrincipalName ?? null)?.toLowerCase() ?? null;
  const leave = graphDate(u.employeeLeaveDateTime);
  const status = u.accountEnabled === false ? (leave ? 'departed' : 'disabled') : 'active';
  const manager = u.manager ? ((u.manager.mail ?? u.manager.userPrincipalName ?? null)?.toLowerCase() ?? null) : null;
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
