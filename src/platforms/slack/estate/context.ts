import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import type { Org, OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import { type IdentityFacts, toLabel } from './oracle.js';
import type { SlackUserData } from './types.js';

/**
 * What the per-resource generators share: the seeded rng, the estate's now, the org and its Slack members, and the
 * labels. Draws happen in the order ./generate.ts calls the generators.
 */
export interface GenContext {
  rng: Random;
  now: Date;
  nowIso: string;
  company: Org;
  tenant: string;
  team: { id: string; name: string; domain: string };
  labels: IdentityLabel[];
  /** The Slack member of each org person (by person index). */
  userOf: Map<number, SlackUserData>;
  personOf: Map<string, OrgPerson>;
  /** Workspace admins who resolve app requests: active ones first, then those who have left. */
  admins: SlackUserData[];
}

export function createContext(company: Org, rng: Random, now: Date): GenContext {
  return {
    rng,
    now,
    nowIso: now.toISOString(),
    company,
    tenant: company.name,
    team: { id: slackId(rng, 'T', 0), name: company.name, domain: company.name },
    labels: [],
    userOf: new Map(),
    personOf: new Map(),
    admins: [],
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A Slack-style id: the type letter, 4 random characters, the index in base 36 (unique per prefix). */
export function slackId(rng: Random, prefix: string, index: number): string {
  return `${prefix}0${rng.token(4, ALPHABET)}${index.toString(36).toUpperCase().padStart(5, '0')}`;
}

export const identityId = (c: GenContext, nativeType: string, nativeId: string): string =>
  `slack:${c.tenant}:${nativeType}:${nativeId}`;

export function label(c: GenContext, facts: IdentityFacts): void {
  c.labels.push(toLabel(facts, c.nowIso));
}

/** Epoch seconds `days` before now (whole seconds, as Slack sends them). */
export const epochAgo = (c: GenContext, days: number): number =>
  Math.floor(Date.parse(c.rng.daysAgo(c.now, days)) / 1000);

/** The owner facts of a Slack member the vendor data names. */
export function ownerOf(
  c: GenContext,
  userId: string | null,
  source: 'consenting_user' | 'installer' | 'audit_log',
): IdentityFacts['owner'] {
  const person = userId ? c.personOf.get(userId) : undefined;
  return person ? { email: person.email, source, departed: person.status === 'departed' } : null;
}
