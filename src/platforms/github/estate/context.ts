import { DAY_MS } from '../../../lib/clock.js';
import type { OwnerSource } from '../../../model/index.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import type { Org, OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import { type IdentityFacts, toLabel } from './oracle.js';
import type { GhRepoData, GhUserStub } from './types.js';

/**
 * What every per-resource generator shares: the seeded rng, the estate's now, the org, the people and
 * repositories generated so far, and the list of labels. Draws from `rng` happen in the order the generators run,
 * so the order of calls in ./generate.ts is part of the estate's determinism.
 */
export interface GenContext {
  rng: Random;
  now: Date;
  nowIso: string;
  company: Org;
  orgLogin: string;
  orgId: number;
  labels: IdentityLabel[];
  /** Every org person by GitHub login. */
  byLogin: Map<string, OrgPerson>;
  /** People still in the GitHub org (set by ./members.ts). */
  memberPeople: OrgPerson[];
  /** The org's repositories (set by ./repositories.ts). */
  repos: GhRepoData[];
}

export function createContext(company: Org, rng: Random, now: Date): GenContext {
  return {
    rng,
    now,
    nowIso: now.toISOString(),
    company,
    orgLogin: `${company.name}-corp`,
    orgId: 9_912_345,
    labels: [],
    byLogin: new Map(company.people.map((p) => [p.login, p])),
    memberPeople: [],
    repos: [],
  };
}

/** The Steward identity id a correct connector gives this native object. */
export const identityId = (c: GenContext, nativeType: string, nativeId: string | number): string =>
  `github:${c.orgLogin}:${nativeType}:${nativeId}`;

/** Labels one served object from the facts a correct connector must recover. */
export function label(c: GenContext, facts: IdentityFacts): void {
  c.labels.push(toLabel(facts, c.nowIso));
}

export const userId = (p: OrgPerson): number => 5_800_000 + p.index * 17;
export const userStub = (p: OrgPerson): GhUserStub => ({ login: p.login, id: userId(p), type: 'User' });

// Skewed picks: a few people own most tokens (platform engineers), a long tail owns one or two; NHIs cluster in a
// few busy repositories.
export const pickMember = (c: GenContext): OrgPerson =>
  c.memberPeople[Math.floor(c.memberPeople.length * c.rng.next() ** 1.6)];
export const pickAnyone = (c: GenContext): OrgPerson =>
  c.company.people[Math.floor(c.company.people.length * c.rng.next() ** 1.4)];
export const pickRepo = (c: GenContext): GhRepoData => c.repos[Math.floor(c.repos.length * c.rng.next() ** 1.5)];

/** The owner label for a login the vendor data names, when that login is an org person. */
export function ownerOf(c: GenContext, login: string | null, source: OwnerSource): IdentityFacts['owner'] {
  const p = login ? c.byLogin.get(login) : undefined;
  return p ? { email: p.email, source, departed: p.status === 'departed' } : null;
}

/** A date between `fromDaysAgo` and `toDaysAgo` before now (ISO, whole seconds). */
export function between(c: GenContext, fromDaysAgo: number, toDaysAgo: number): string {
  const d = toDaysAgo + c.rng.next() * Math.max(0, fromDaysAgo - toDaysAgo);
  return c.rng.daysAgo(c.now, d);
}
export const daysSince = (iso: string, now: Date): number => (now.getTime() - Date.parse(iso)) / DAY_MS;
export const plusDays = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString().replace('.000Z', 'Z');
