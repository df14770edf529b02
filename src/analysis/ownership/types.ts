import type { OwnerSource, PersonStatus } from '../../model/index.js';

/** Every place an owner candidate can come from: the vendor claim sources plus Steward's own strategies. */
type CandidateSource = OwnerSource;

/**
 * One possible owner of an identity, with provenance. Produced by a strategy from one vendor statement (or a
 * manual assignment) and resolved against the unified people view.
 */
export interface OwnerCandidate {
  /** Which strategy produced it (claims, created_by, attributes, manual). */
  strategy: string;
  source: CandidateSource;
  confidence: number;
  /** What the vendor (or the assigner) said, e.g. "deploy key added_by jdoe". */
  evidence: string;
  /** The reference as given, and its type. */
  ref: string;
  refType: 'email' | 'login' | 'native_user_id' | 'team' | 'person_id';
  /** Resolved person (unified key = lower-case email, or a source-scoped key when the person has no email). */
  personKey: string | null;
  /** Lower-case email of the person, when known (resolved, or the ref itself for an email ref). */
  email: string | null;
  /** Team name for team candidates. */
  team: string | null;
  /** Effective status of the resolved person (null = not found in any people source). */
  status: PersonStatus | null;
  /** true when the reference was matched to a person (or is a team). */
  resolved: boolean;
  /** true when this candidate can be chosen as owner (a team, a resolved person, or an email). */
  eligible: boolean;
}

export type OrphanReason = 'no_owner' | 'owner_departed' | 'owner_disabled';

export interface OwnerSuggestion {
  email: string | null;
  team: string | null;
  reason: string;
}

/** The outcome of attribution for one identity. */
export interface OwnershipDecision {
  identityId: string;
  /** The chosen candidate (null = nothing attributable). */
  chosen: OwnerCandidate | null;
  /** people.id of the source record that represents the owner's effective status (joined by the inventory reader). */
  ownerPersonId: string | null;
  ownerEmail: string | null;
  ownerTeam: string | null;
  ownerStatus: PersonStatus | null;
  orphan: boolean;
  orphanReason: OrphanReason | null;
  suggestion: OwnerSuggestion | null;
  /** Every candidate, best first. */
  candidates: OwnerCandidate[];
}
