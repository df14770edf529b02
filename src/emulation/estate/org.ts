import type { PersonLabel } from './labels.js';
import type { Random } from './random.js';

export const TEAMS = ['platform', 'payments', 'data', 'security', 'it', 'growth', 'mobile', 'sre'] as const;
const FIRST = [
  'ada',
  'alan',
  'grace',
  'linus',
  'margaret',
  'ken',
  'barbara',
  'dennis',
  'frances',
  'edsger',
  'radia',
  'john',
  'katherine',
  'tim',
  'hedy',
  'donald',
  'sophie',
  'guido',
  'anita',
  'bjarne',
  'yukihiro',
  'joan',
  'niklaus',
  'shafi',
  'leslie',
  'whitfield',
  'adele',
  'vint',
  'mary',
  'james',
];
const LAST = [
  'lovelace',
  'turing',
  'hopper',
  'torvalds',
  'hamilton',
  'thompson',
  'liskov',
  'ritchie',
  'allen',
  'dijkstra',
  'perlman',
  'mccarthy',
  'johnson',
  'berners',
  'lamarr',
  'knuth',
  'wilson',
  'rossum',
  'borg',
  'stroustrup',
  'matsumoto',
  'clarke',
  'wirth',
  'goldwasser',
  'lamport',
  'diffie',
  'goldberg',
  'cerf',
  'kenneth',
  'gosling',
];

export interface OrgPerson extends PersonLabel {
  /** Stable index, used by platform generators to derive native ids. */
  index: number;
}

export interface Org {
  name: string;
  domain: string;
  people: OrgPerson[];
  active: OrgPerson[];
  departed: OrgPerson[];
  teams: readonly string[];
}

/** The organisation: people (some departed, each with a manager and team). */
export function generateOrg(rng: Random, peopleCount: number, now: Date, name = 'acme'): Org {
  const domain = `${name}.test`;
  const people: OrgPerson[] = [];
  const used = new Set<string>();
  for (let i = 0; i < peopleCount; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    let local = `${first}.${last}`;
    if (used.has(local)) local = `${first}.${last}${i}`;
    used.add(local);
    const departed = i >= 3 && rng.chance(0.14);
    people.push({
      index: i,
      email: `${local}@${domain}`,
      name: `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}`,
      login: `${first[0]}${last}${i}`.slice(0, 39),
      status: departed ? 'departed' : 'active',
      departedAt: departed ? rng.daysAgo(now, rng.int(20, 400)) : null,
      managerEmail: null,
      team: TEAMS[i % TEAMS.length],
    });
  }
  // Managers are always active people earlier in the list (the first three are leads and never depart).
  for (const p of people) {
    if (p.index === 0) continue;
    const candidates = people
      .slice(0, Math.max(1, Math.min(p.index, 3 + Math.floor(p.index / 8))))
      .filter((m) => m.status === 'active' && m.index !== p.index);
    p.managerEmail = (candidates.length ? rng.pick(candidates) : people[0]).email;
  }
  return {
    name,
    domain,
    people,
    active: people.filter((p) => p.status === 'active'),
    departed: people.filter((p) => p.status === 'departed'),
    teams: TEAMS,
  };
}
