import type { GenContext } from './context.js';
import { userId } from './context.js';
import type { GhMemberData } from './types.js';

/**
 * Org members. Membership policy: every active person is a member; about half of the departed people were never
 * removed from the GitHub org (the offboarding gap). Name (45 %) and e-mail (30 %) are served only where the user
 * made them public; ownership labels never depend on them (owners are named by login). Sets `c.memberPeople`.
 */
export function generateMembers(c: GenContext): GhMemberData[] {
  const { rng } = c;
  const members: GhMemberData[] = [];
  for (const p of c.company.people) {
    const stillMember = p.status === 'active' || rng.chance(0.5);
    if (!stillMember) continue;
    c.memberPeople.push(p);
    members.push({
      login: p.login,
      id: userId(p),
      type: 'User',
      // GitHub shows a member's name and e-mail only when the user made them public on the profile; most do not.
      name: rng.chance(0.45) ? p.name : null,
      email: rng.chance(0.3) ? p.email : null,
      role: p.index < 2 ? 'admin' : 'member',
    });
  }
  return members;
}
