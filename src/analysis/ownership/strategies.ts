import type { OwnerClaim, OwnerSource } from '../../model/index.js';
import type { PeopleIndex } from './people.js';
import type { OwnerCandidate } from './types.js';

/** What attribution needs of an identity (a subset of Identity, so the step can read only these columns). */
export interface AttributionInput {
  id: string;
  platform: string;
  tenant: string;
  createdBy: string | null;
  attributes: Record<string, unknown>;
  ownerClaims: OwnerClaim[];
}

/** A manual assignment (`steward owners assign`); always wins. */
export interface ManualAssignment {
  identityId: string;
  email: string | null;
  team: string | null;
  assignedBy: string;
  assignedAt: string;
  note: string | null;
}

export interface StrategyContext {
  people: PeopleIndex;
  manual: ManualAssignment | undefined;
}

/** A strategy turns one kind of evidence into candidates. Strategies never choose; attribution does. */
export interface OwnershipStrategy {
  name: string;
  candidates(identity: AttributionInput, ctx: StrategyContext): OwnerCandidate[];
}

/**
 * Precedence of sources, strongest first. The chosen owner is the first eligible candidate in this order; within a
 * source, a person beats a team, then higher confidence, then an active person beats an inactive one.
 */
export const OWNER_SOURCE_PRECEDENCE: OwnerSource[] = [
  'manual',
  'explicit_owner',
  'tag',
  'creator',
  'installer',
  'audit_log',
  'consenting_user',
  'codeowners',
  'repo_admin',
];

/** Confidence used when Steward (not a connector) derives a candidate. */
export const DEFAULT_CONFIDENCE: Record<OwnerSource, number> = {
  manual: 1,
  explicit_owner: 0.95,
  tag: 0.8,
  creator: 0.7,
  installer: 0.7,
  audit_log: 0.6,
  consenting_user: 0.6,
  codeowners: 0.5,
  repo_admin: 0.4,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Builds a candidate from a reference, resolving it against the unified people view. */
export function candidateFromRef(
  ctx: StrategyContext,
  identity: AttributionInput,
  strategy: string,
  claim: { ref: string; refType: OwnerCandidate['refType']; source: OwnerSource; confidence: number; evidence: string },
): OwnerCandidate {
  const base = {
    strategy,
    source: claim.source,
    confidence: claim.confidence,
    evidence: claim.evidence,
    ref: claim.ref,
    refType: claim.refType,
  };
  if (claim.refType === 'team') {
    const team = claim.ref.trim();
    return { ...base, personKey: null, email: null, team, status: null, resolved: true, eligible: team !== '' };
  }
  const person = ctx.people.resolve(claim.ref, claim.refType, identity.platform, identity.tenant);
  if (person) {
    return {
      ...base,
      personKey: person.key,
      email: person.email,
      team: null,
      status: person.status,
      resolved: true,
      eligible: true,
    };
  }
  // An e-mail nobody's directory knows is still a contactable owner (status unknown); an unmatched login or
  // native id is not: it is kept as evidence only.
  const asEmail = claim.refType === 'email' || (claim.refType === 'login' && EMAIL.test(claim.ref.trim()));
  const email = asEmail ? claim.ref.trim().toLowerCase() : null;
  return { ...base, personKey: null, email, team: null, status: null, resolved: false, eligible: email !== null };
}

const claimsStrategy: OwnershipStrategy = {
  name: 'claims',
  candidates(identity, ctx) {
    return identity.ownerClaims.map((c) => candidateFromRef(ctx, identity, 'claims', c));
  },
};

/** `createdBy` on the identity, when no connector claim already says the same thing. */
const createdByStrategy: OwnershipStrategy = {
  name: 'created_by',
  candidates(identity, ctx) {
    const by = identity.createdBy?.trim();
    if (!by) return [];
    const said = identity.ownerClaims.some((c) => c.ref.trim().toLowerCase() === by.toLowerCase());
    if (said) return [];
    const refType = EMAIL.test(by) ? 'email' : 'login';
    const c = candidateFromRef(ctx, identity, 'created_by', {
      ref: by,
      refType,
      source: 'creator',
      confidence: DEFAULT_CONFIDENCE.creator - 0.1,
      evidence: `identity createdBy ${by}`,
    });
    // A createdBy that is not a known person (an app id, an ARN) is noise, not evidence.
    return c.resolved ? [c] : [];
  },
};

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(v))
    return v.flatMap((x) =>
      typeof x === 'string'
        ? [x]
        : typeof x === 'object' && x && 'login' in x && typeof (x as { login: unknown }).login === 'string'
          ? [(x as { login: string }).login]
          : [],
    );
  return [];
}

/** Key/value tags from attributes: `{owner: 'x'}` or AWS style `[{Key, Value}]`. */
function tagsOf(attributes: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const t = attributes.tags;
  if (Array.isArray(t)) {
    for (const e of t) {
      if (e && typeof e === 'object') {
        const k = (e as Record<string, unknown>).Key ?? (e as Record<string, unknown>).key;
        const v = (e as Record<string, unknown>).Value ?? (e as Record<string, unknown>).value;
        if (typeof k === 'string' && typeof v === 'string') out.set(k.toLowerCase(), v);
      }
    }
  } else if (t && typeof t === 'object') {
    for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out.set(k.toLowerCase(), v);
  }
  return out;
}

const OWNER_TAG_KEYS = ['owner', 'owner_email', 'owner-email', 'owneremail', 'contact', 'created_by'];
const TEAM_TAG_KEYS = ['team', 'owner_team', 'owner-team', 'ownerteam', 'squad'];

/**
 * Evidence kept in identity attributes by some connectors: repository admins, CODEOWNERS entries, and tags that
 * were not already turned into claims.
 */
const attributesStrategy: OwnershipStrategy = {
  name: 'attributes',
  candidates(identity, ctx) {
    const a = identity.attributes;
    const out: OwnerCandidate[] = [];
    const claimed = new Set(identity.ownerClaims.map((c) => `${c.source}\u0000${c.ref.trim().toLowerCase()}`));
    const add = (ref: string, refType: OwnerCandidate['refType'], source: OwnerSource, evidence: string) => {
      if (claimed.has(`${source}\u0000${ref.trim().toLowerCase()}`)) return;
      claimed.add(`${source}\u0000${ref.trim().toLowerCase()}`);
      out.push(
        candidateFromRef(ctx, identity, 'attributes', {
          ref,
          refType,
          source,
          confidence: DEFAULT_CONFIDENCE[source],
          evidence,
        }),
      );
    };
    for (const entry of stringList(a.codeowners ?? a.codeOwners)) {
      if (entry.startsWith('@') && entry.includes('/'))
        add(entry.slice(1), 'team', 'codeowners', `CODEOWNERS ${entry}`);
      else if (EMAIL.test(entry)) add(entry, 'email', 'codeowners', `CODEOWNERS ${entry}`);
      else add(entry.replace(/^@/, ''), 'login', 'codeowners', `CODEOWNERS ${entry}`);
    }
    for (const login of stringList(a.repoAdmins ?? a.repositoryAdmins))
      add(login, 'login', 'repo_admin', `repository admin ${login}`);
    const tags = tagsOf(a);
    for (const k of OWNER_TAG_KEYS) {
      const v = tags.get(k);
      if (v) add(v, EMAIL.test(v) ? 'email' : 'login', 'tag', `tag ${k}=${v}`);
    }
    for (const k of TEAM_TAG_KEYS) {
      const v = tags.get(k);
      if (v) add(v, 'team', 'tag', `tag ${k}=${v}`);
    }
    return out;
  },
};

const manualStrategy: OwnershipStrategy = {
  name: 'manual',
  candidates(identity, ctx) {
    const m = ctx.manual;
    if (!m) return [];
    const evidence = `assigned by ${m.assignedBy} at ${m.assignedAt}${m.note ? `: ${m.note}` : ''}`;
    const out: OwnerCandidate[] = [];
    if (m.email)
      out.push(
        candidateFromRef(ctx, identity, 'manual', {
          ref: m.email,
          refType: 'email',
          source: 'manual',
          confidence: 1,
          evidence,
        }),
      );
    if (m.team)
      out.push(
        candidateFromRef(ctx, identity, 'manual', {
          ref: m.team,
          refType: 'team',
          source: 'manual',
          confidence: 1,
          evidence,
        }),
      );
    return out;
  },
};

/** Every strategy, in the order their candidates are listed. Adding a strategy: one entry here. */
export const STRATEGIES: OwnershipStrategy[] = [manualStrategy, claimsStrategy, createdByStrategy, attributesStrategy];
