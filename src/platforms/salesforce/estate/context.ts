import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import type { Org, OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import { type IdentityFacts, toLabel } from './oracle.js';
import type { SalesforceTables, SalesforceToolingTables, SfRecord } from './types.js';

/**
 * What the per-resource generators share: the seeded rng, the estate's now, the org and its Salesforce users, the
 * tables being written and the labels. Draws happen in the order ./generate.ts calls the generators.
 */
export interface GenContext {
  rng: Random;
  now: Date;
  nowIso: string;
  company: Org;
  myDomain: string;
  organizationId: string;
  tables: SalesforceTables;
  tooling: SalesforceToolingTables;
  labels: IdentityLabel[];
  /** The org person of each Salesforce user id (human users only). */
  personOf: Map<string, OrgPerson>;
  /** Active human users (token grantors) and the administrators who create apps and users. */
  activeHumans: SfRecord[];
  /** Every human user (org people, departed ones too) and the System Administrators among them. */
  humans: SfRecord[];
  admins: SfRecord[];
  /** Ids of every user given so far (unique per prefix). */
  counters: Map<string, number>;
  /** CreatedDate seconds already used by an OAuth token (each token's CreatedDate is unique in the org). */
  tokenSeconds: Set<number>;
}

export function createContext(company: Org, rng: Random, now: Date): GenContext {
  const c: GenContext = {
    rng,
    now,
    nowIso: now.toISOString(),
    company,
    myDomain: company.name,
    organizationId: '',
    tables: {
      User: [],
      ConnectedApplication: [],
      OauthToken: [],
      PermissionSetAssignment: [],
      LoginHistory: [],
      NamedCredential: [],
      AppMenuItem: [],
    },
    tooling: { InstalledSubscriberPackage: [], SubscriberPackageVersionUninstallRequest: [] },
    labels: [],
    personOf: new Map(),
    activeHumans: [],
    humans: [],
    admins: [],
    counters: new Map(),
    tokenSeconds: new Set(),
  };
  c.organizationId = sfId(c, '00D');
  return c;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An 18-character Salesforce id: 3-character key prefix, 7 random characters, a per-prefix counter, 'AAA'-like suffix. */
export function sfId(c: GenContext, prefix: string): string {
  const n = c.counters.get(prefix) ?? 0;
  c.counters.set(prefix, n + 1);
  return `${prefix}${c.rng.token(4, BASE62)}${n.toString(36).padStart(8, '0')}${c.rng.token(3, BASE62.slice(0, 26))}`;
}

export const identityId = (c: GenContext, nativeType: string, nativeId: string): string =>
  `salesforce:${c.myDomain}:${nativeType}:${nativeId}`;

export function label(c: GenContext, facts: IdentityFacts): void {
  c.labels.push(toLabel(facts, c.nowIso));
}

/** The owner facts of a Salesforce user id (a human user), with the claim's source. */
export function ownerOf(c: GenContext, userId: unknown, source: 'creator' | 'consenting_user'): IdentityFacts['owner'] {
  const person = typeof userId === 'string' ? c.personOf.get(userId) : undefined;
  return person ? { email: person.email, source, departed: person.status === 'departed' } : null;
}

const DAY_MS = 86_400_000;

/** A whole-second instant `days` before now, nudged off the 90-day stale and 365-day rotation thresholds. */
export function agoMs(c: GenContext, days: number): number {
  let d = days;
  for (const t of [90, 365]) if (Math.abs(d - t) < 1.5) d = t + (d < t ? -1.5 : 1.5);
  return Math.floor((c.now.getTime() - d * DAY_MS) / 1000) * 1000;
}

/** Salesforce's datetime format: 2024-06-01T07:12:00.000+0000. */
export const sfTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
export const ago = (c: GenContext, days: number): string => sfTime(agoMs(c, days));
export const daysSince = (sf: string, now: Date): number => (now.getTime() - Date.parse(sf)) / DAY_MS;
