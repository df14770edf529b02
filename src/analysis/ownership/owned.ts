import { sql } from 'kysely';
import type { OwnershipDecision } from './types.js';

/**
 * Steward's one definition of owned, orphaned and unverified (docs/ownership.md § Owned, orphaned, people), used
 * by every surface that counts: `owners stats`, the HTML report, the ownership step's summary, the API.
 *
 * - owned: the chosen owner is a person whose effective status is active, or a team;
 * - orphaned: no owner, or the owner departed / is disabled (the ownership step's `orphan` flag);
 * - unverified: the owner is a person no people source knows, so neither can be said.
 */
export function isOwned(
  d: Pick<OwnershipDecision, 'orphan' | 'ownerStatus' | 'ownerTeam' | 'ownerEmail' | 'ownerPersonId'>,
): boolean {
  if (d.orphan) return false;
  return d.ownerStatus === 'active' || (d.ownerTeam !== null && d.ownerEmail === null && d.ownerPersonId === null);
}

/** isOwned over the `ownership` table aliased `o` (1 or 0), for SQL aggregates. */
export const OWNED_SQL = sql<number>`case when o.orphan = 0 and (o.owner_status = 'active' or (o.owner_team is not null and o.owner_email is null and o.owner_person_id is null)) then 1 else 0 end`;

/** An owner person whose status no people source knows (1 or 0), over `ownership` aliased `o`. */
export const UNVERIFIED_SQL = sql<number>`case when o.orphan = 0 and o.owner_status is null and (o.owner_email is not null or o.owner_person_id is not null) then 1 else 0 end`;

/** The NHI:human ratio as every surface prints it: "21.21 : 1", or "-" when no active person is known. */
export const nhiRatioText = (nhiPerPerson: number | null): string =>
  nhiPerPerson === null ? '-' : `${nhiPerPerson.toFixed(2)} : 1`;
