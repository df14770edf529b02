import type { admin_directory_v1 } from '@googleapis/admin';
import type { GenContext } from './context.js';
import { numericId } from './context.js';

/**
 * One Workspace user per org person: leavers archived (the Archived User licence keeps their data), the manager in
 * `relations`, the team as department and org unit; the first two people are super admins.
 */
export function generateUsers(c: GenContext): admin_directory_v1.Schema$User[] {
  return c.company.people.map((p) => {
    const id = numericId(c, '1', p.index);
    c.userIdOf.set(p.index, id);
    const isAdmin = p.index < 2;
    if (isAdmin && p.status === 'active') c.admins.push(p);
    const created = c.rng.daysAgo(c.now, c.rng.int(200, 2000));
    return {
      kind: 'admin#directory#user',
      id,
      etag: `"${c.rng.token(27)}"`,
      primaryEmail: p.email,
      name: { givenName: p.name.split(' ')[0], familyName: p.name.split(' ')[1] ?? '', fullName: p.name },
      isAdmin,
      isDelegatedAdmin: false,
      lastLoginTime: p.status === 'active' ? c.rng.daysAgo(c.now, c.rng.int(0, 20)) : created,
      creationTime: created,
      agreedToTerms: true,
      suspended: false,
      archived: p.status === 'departed',
      changePasswordAtNextLogin: false,
      ipWhitelisted: false,
      emails: [{ address: p.email, primary: true }],
      relations: p.managerEmail ? [{ value: p.managerEmail, type: 'manager' }] : undefined,
      organizations: [{ department: p.team, primary: true, customType: '' }],
      customerId: c.customerId,
      orgUnitPath: `/${p.team}`,
      isMailboxSetup: true,
      isEnrolledIn2Sv: true,
      isEnforcedIn2Sv: false,
      includeInGlobalAddressList: true,
    };
  });
}
