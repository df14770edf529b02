import type { OrgPerson } from '../../../emulation/estate/org.js';
import { type GenContext, epochAgo, slackId } from './context.js';
import type { SlackUserData } from './types.js';

function member(c: GenContext, p: OrgPerson): SlackUserData {
  const real = p.name;
  return {
    id: slackId(c.rng, 'W', p.index),
    team_id: c.team.id,
    name: p.login,
    real_name: real,
    // Offboarding deactivates the Slack account of whoever left.
    deleted: p.status === 'departed',
    is_bot: false,
    is_app_user: false,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    updated: epochAgo(c, c.rng.int(1, 400)),
    profile: { real_name: real, display_name: p.login, email: p.email },
  };
}

/** Slackbot: in every workspace's users.list, neither a person nor an installed NHI. */
export function slackbot(c: GenContext): SlackUserData {
  return {
    id: 'USLACKBOT',
    team_id: c.team.id,
    name: 'slackbot',
    real_name: 'Slackbot',
    deleted: false,
    is_bot: false,
    is_app_user: false,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    updated: 0,
    profile: { real_name: 'Slackbot', display_name: 'Slackbot' },
  };
}

/**
 * Every org person is a member (departed ones deactivated). Admins are spread over the list, so some of those who
 * approved apps have since left; the first is the primary owner.
 */
export function generateMembers(c: GenContext): SlackUserData[] {
  const people = c.company.people;
  const members = people.map((p) => {
    const u = member(c, p);
    c.userOf.set(p.index, u);
    c.personOf.set(u.id, p);
    return u;
  });
  const count = Math.max(3, Math.round(people.length / 12));
  const step = Math.max(1, Math.floor(people.length / count));
  const admins: SlackUserData[] = [];
  for (let i = 0; i < count && i * step < members.length; i++) {
    const u = members[i * step];
    u.is_admin = true;
    u.is_owner = i < 2;
    u.is_primary_owner = i === 0;
    admins.push(u);
  }
  // An admin who approved apps and has since left, whenever anyone has left.
  const gone = c.company.departed[0];
  const goneMember = gone && c.userOf.get(gone.index);
  if (goneMember && !goneMember.is_admin) {
    goneMember.is_admin = true;
    admins.push(goneMember);
  }
  c.admins = [...admins.filter((u) => !u.deleted), ...admins.filter((u) => u.deleted)];
  return members;
}
