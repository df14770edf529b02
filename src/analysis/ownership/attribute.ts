import type { PersonStatus } from '../../model/index.js';
import type { PeopleIndex, UnifiedPerson } from './people.js';
import {
  OWNER_SOURCE_PRECEDENCE,
  STRATEGIES,
  type AttributionInput,
  type ManualAssignment,
  type OwnershipStrategy,
} from './strategies.js';
import type { OwnerCandidate, OwnerSuggestion, OwnershipDecision } from './types.js';

const STATUS_ORDER: Record<string, number> = { active: 0, null: 1, disabled: 2, departed: 3 };

function tier(c: OwnerCandidate): number {
  const i = OWNER_SOURCE_PRECEDENCE.indexOf(c.source);
  return i === -1 ? OWNER_SOURCE_PRECEDENCE.length : i;
}

/** Best first: source precedence, eligible, person before team, confidence, active before inactive, then stable. */
function compareCandidates(a: OwnerCandidate, b: OwnerCandidate): number {
  return (
    tier(a) - tier(b) ||
    Number(b.eligible) - Number(a.eligible) ||
    Number(a.team !== null) - Number(b.team !== null) ||
    b.confidence - a.confidence ||
    STATUS_ORDER[String(a.status)] - STATUS_ORDER[String(b.status)] ||
    (a.email ?? a.team ?? a.ref).localeCompare(b.email ?? b.team ?? b.ref)
  );
}

/** Same person or team named twice (e.g. creator claim and createdBy): keep the strongest statement of each. */
function dedupe(sorted: OwnerCandidate[]): OwnerCandidate[] {
  const seen = new Set<string>();
  const out: OwnerCandidate[] = [];
  for (const c of sorted) {
    const who =
      c.personKey ??
      (c.team !== null ? `team:${c.team.toLowerCase()}` : (c.email ?? `${c.refType}:${c.ref.toLowerCase()}`));
    const key = `${c.source}\u0000${who}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

const MAX_MANAGER_HOPS = 5;

/**
 * Who should take over from an inactive owner: the nearest active manager up the chain, else the owning team
 * (the identity's team owner, else the person's team), else another active candidate. Never applied automatically.
 */
export function suggestReplacement(
  person: UnifiedPerson,
  identityTeam: string | null,
  candidates: OwnerCandidate[],
  people: PeopleIndex,
): OwnerSuggestion | null {
  const seen = new Set<string>([person.key]);
  let current: UnifiedPerson | undefined = person;
  for (let hop = 0; hop < MAX_MANAGER_HOPS && current?.managerEmail; hop++) {
    const manager = people.byEmailAddress(current.managerEmail);
    if (!manager || seen.has(manager.key)) break;
    seen.add(manager.key);
    if (manager.status === 'active') {
      const via = hop === 0 ? 'manager' : `manager's manager (${hop + 1} levels up; nearer managers are inactive)`;
      return { email: manager.email, team: null, reason: `${via} of ${person.email ?? person.key}` };
    }
    current = manager;
  }
  const team = identityTeam ?? person.team;
  if (team)
    return {
      email: null,
      team,
      reason: identityTeam ? 'team named on the identity' : `team of ${person.email ?? person.key} (no active manager)`,
    };
  const other = candidates.find(
    (c) => c.eligible && c.personKey !== person.key && c.personKey !== null && c.status === 'active',
  );
  if (other) return { email: other.email, team: null, reason: `other active candidate (${other.source})` };
  return null;
}

function statusOf(c: OwnerCandidate): PersonStatus | null {
  return c.status;
}

/** Attribution for one identity: gather candidates from every strategy, choose by precedence, flag orphans. Pure. */
export function attribute(
  identity: AttributionInput,
  people: PeopleIndex,
  manual?: ManualAssignment,
  strategies: OwnershipStrategy[] = STRATEGIES,
): OwnershipDecision {
  const ctx = { people, manual };
  const all = strategies.flatMap((s) => s.candidates(identity, ctx));
  const candidates = dedupe(all.sort(compareCandidates));
  const chosen = candidates.find((c) => c.eligible) ?? null;
  let ownerTeam: string | null = null;
  let ownerEmail: string | null = null;
  let ownerPersonId: string | null = null;
  let person: UnifiedPerson | undefined;
  if (chosen) {
    if (chosen.team !== null) ownerTeam = chosen.team;
    else {
      person = chosen.personKey ? people.byKey.get(chosen.personKey) : undefined;
      ownerEmail = chosen.email;
      ownerPersonId = person?.representativeId ?? null;
      // The team named on the identity (tag, manual, CODEOWNERS team), if any, travels with a person owner.
      ownerTeam = candidates.find((c) => c.team !== null && c.eligible)?.team ?? null;
    }
  }
  const ownerStatus = chosen && chosen.team === null ? statusOf(chosen) : null;
  const orphanReason = !chosen
    ? 'no_owner'
    : ownerStatus === 'departed'
      ? 'owner_departed'
      : ownerStatus === 'disabled'
        ? 'owner_disabled'
        : null;
  const suggestion = person && orphanReason ? suggestReplacement(person, ownerTeam, candidates, people) : null;
  return {
    identityId: identity.id,
    chosen,
    ownerPersonId,
    ownerEmail,
    ownerTeam,
    ownerStatus,
    orphan: orphanReason !== null,
    orphanReason,
    suggestion,
    candidates,
  };
}
