import type { IdentityLabel, EdgeLabel } from '../../../emulation/estate/labels.js';
import type { Org, OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import { type IdentityFacts, toLabel } from './oracle.js';

/**
 * What the per-resource generators share: the seeded rng, the estate's now, the org and its Workspace users, and
 * the labels and edges. Draws happen in the order ./generate.ts calls the generators.
 */
export interface GenContext {
  rng: Random;
  now: Date;
  nowIso: string;
  company: Org;
  tenant: string;
  domain: string;
  customerId: string;
  labels: IdentityLabel[];
  edges: EdgeLabel[];
  /** Workspace user id of each org person (by person index). */
  userIdOf: Map<number, string>;
  /** The super admins (authorise domain-wide delegation): active ones. */
  admins: OrgPerson[];
  /**
   * Filled by the Cloud part (estate/cloud.ts) before delegation is generated: every service account's OAuth
   * client id (the id domain-wide delegation is granted to), email and Steward identity id.
   */
  serviceAccountClients: Array<{ oauth2ClientId: string; email: string; identityId: string }>;
  /** Set by the Cloud part when the connector will list every project's service accounts (the emulator serves them). */
  serviceAccountsListed: boolean;
}

export function createContext(company: Org, rng: Random, now: Date): GenContext {
  return {
    rng,
    now,
    nowIso: now.toISOString(),
    company,
    tenant: company.name,
    domain: company.domain,
    customerId: `C0${rng.token(7, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
    labels: [],
    edges: [],
    userIdOf: new Map(),
    admins: [],
    serviceAccountClients: [],
    serviceAccountsListed: false,
  };
}

export const identityId = (c: GenContext, nativeType: string, nativeId: string): string =>
  `google:${c.tenant}:${nativeType}:${nativeId}`;

/** The person id of a Workspace user (what the connector's grant edges point to). */
export const personRef = (c: GenContext, userId: string): string => `google:${c.tenant}:person:${userId}`;

export function label(c: GenContext, facts: IdentityFacts): void {
  c.labels.push(toLabel(facts, c.nowIso));
}

/** A 21-digit Google numeric id (users' ids, OAuth client ids of service accounts), unique by `index`. */
export function numericId(c: GenContext, prefix: string, index: number): string {
  return `${prefix}${String(c.rng.int(10_000, 99_999))}${String(index).padStart(21 - prefix.length - 5, '0')}`;
}
