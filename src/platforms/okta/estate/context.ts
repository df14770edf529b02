import { DAY_MS } from '../../../lib/clock.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import type { Org, OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import { type IdentityFacts, toLabel } from './oracle.js';
import type { OktaLogEventData, OktaUserData } from './types.js';

/**
 * What the per-resource generators share: the seeded rng, the estate's now, the org and its Okta users, the System
 * Log being written and the labels. Draws happen in the order ./generate.ts calls the generators.
 */
export interface GenContext {
  rng: Random;
  now: Date;
  nowIso: string;
  company: Org;
  subdomain: string;
  /** Days of System Log the org keeps; usage older than this is invisible to a scan. */
  retentionDays: number;
  labels: IdentityLabel[];
  logs: OktaLogEventData[];
  users: OktaUserData[];
  /** The Okta user of each org person (by person index). */
  userOf: Map<number, OktaUserData>;
  personOf: Map<string, OrgPerson>;
  /** Users who may create API tokens (hold a role that allows it), active first. */
  tokenCreators: OktaUserData[];
  /** Users who administer apps (create grants), by index. */
  appAdmins: OktaUserData[];
}

export const LOG_RETENTION_DAYS = 180;

export function createContext(company: Org, rng: Random, now: Date): GenContext {
  return {
    rng,
    now,
    nowIso: now.toISOString(),
    company,
    subdomain: company.name,
    retentionDays: LOG_RETENTION_DAYS,
    labels: [],
    logs: [],
    users: [],
    userOf: new Map(),
    personOf: new Map(),
    tokenCreators: [],
    appAdmins: [],
  };
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 20-character Okta id: 3-character prefix, 9 random characters, the index in base 36 (unique per prefix). */
export function oktaId(c: GenContext, prefix: string, index: number): string {
  let random = '';
  for (let i = 0; i < 9; i++) random += BASE62[c.rng.int(0, 61)];
  return `${prefix}${random}${index.toString(36).padStart(8, '0')}`.normalize();
}

export const identityId = (c: GenContext, nativeType: string, nativeId: string): string =>
  `okta:${c.subdomain}:${nativeType}:${nativeId}`;

export function label(c: GenContext, facts: IdentityFacts): void {
  c.labels.push(toLabel(facts, c.nowIso));
}

/** The owner facts of an Okta user id the vendor data names. */
export function ownerOf(c: GenContext, userId: string | null): IdentityFacts['owner'] {
  const person = userId ? c.personOf.get(userId) : undefined;
  return person ? { email: person.email, source: 'creator', departed: person.status === 'departed' } : null;
}

/**
 * A whole-second ISO timestamp `days` before now, nudged off the rules' thresholds (90 days stale, 365 days
 * rotation) so a label never depends on sub-day rounding.
 */
export function ago(c: GenContext, days: number): string {
  let d = days;
  for (const t of [90, 365]) if (Math.abs(d - t) < 1.5) d = t + (d < t ? -1.5 : 1.5);
  return c.rng.daysAgo(c.now, d);
}
export const plusDays = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString().replace('.000Z', 'Z');
export const daysSince = (iso: string, now: Date): number => (now.getTime() - Date.parse(iso)) / DAY_MS;

/** Random 6-byte-ish base64url text for masked secrets, hashes and key material. */
export const b64 = (c: GenContext, length: number): string => c.rng.token(length, `${BASE62}-_`);

/** Latest use visible in the System Log window, or null. */
export function visibleUse(c: GenContext, lastUse: string | null): string | null {
  return lastUse && daysSince(lastUse, c.now) < c.retentionDays ? lastUse : null;
}
