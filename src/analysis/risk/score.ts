import type { IdentityView } from '../../store/index.js';
import { daysSince } from './helpers.js';
import type { RuleContext } from './types.js';

export const SCORE_FACTORS = ['privilege', 'exposure', 'staleness', 'ownership', 'thirdParty'] as const;
export type ScoreFactor = (typeof SCORE_FACTORS)[number];

/** Points each factor can contribute; they sum to 100. */
export const SCORE_MAX: Record<ScoreFactor, number> = {
  privilege: 35,
  exposure: 25,
  staleness: 15,
  ownership: 15,
  thirdParty: 10,
};

export interface ScorePart {
  factor: ScoreFactor;
  points: number;
  max: number;
  reasons: string[];
}

export interface RiskScore {
  identityId: string;
  platform: string;
  tenant: string;
  /** 0-100. */
  score: number;
  parts: ScorePart[];
  /** e.g. "privilege 35/35 (admin: AdministratorAccess); ownership 15/15 (owner departed)". */
  explanation: string;
}

const KEYLESS_CREDENTIALS = new Set(['federated']);

/**
 * Scores one identity 0-100 from what it can do (privilege), how reachable it is (live static credentials, reuse,
 * tenant-wide grants, interactive/human use), whether it is unused but still live (staleness), whether anyone
 * answers for it (ownership) and whether an outside party runs it (third party). A disabled identity keeps a
 * quarter of its points: it can be re-enabled, but is not usable as it stands.
 */
export function scoreIdentity(
  v: IdentityView,
  ctx: RuleContext,
  sharedFingerprints?: ReadonlyMap<string, number>,
): RiskScore {
  const parts = [
    privilegePart(v),
    exposurePart(v, ctx, sharedFingerprints),
    stalenessPart(v, ctx),
    ownershipPart(v),
    thirdPartyPart(v),
  ];
  let score = parts.reduce((a, p) => a + p.points, 0);
  let explanation = parts
    .filter((p) => p.points > 0)
    .map((p) => `${p.factor} ${p.points}/${p.max} (${p.reasons.join(', ')})`)
    .join('; ');
  if (!v.enabled) {
    score = Math.round(score / 4);
    explanation = `disabled: a quarter of ${parts.reduce((a, p) => a + p.points, 0)}${explanation ? ` — ${explanation}` : ''}`;
  }
  return {
    identityId: v.id,
    platform: v.platform,
    tenant: v.tenant,
    score: Math.min(100, score),
    parts,
    explanation: explanation || 'no risk factors',
  };
}

const newPart = (factor: ScoreFactor): ScorePart => ({ factor, points: 0, max: SCORE_MAX[factor], reasons: [] });

function add(p: ScorePart, points: number, reason: string): void {
  if (points <= 0) return;
  p.points = Math.min(p.max, p.points + points);
  p.reasons.push(reason);
}

/** The strongest permission counts. */
function privilegePart(v: IdentityView): ScorePart {
  const privilege = newPart('privilege');
  let best = 0;
  let bestName = '';
  for (const p of v.permissions) {
    const pts = permissionPoints(p);
    if (pts > best) {
      best = pts;
      bestName = `${p.access === 'admin' || p.pathToAdmin ? (p.pathToAdmin && p.access !== 'admin' ? 'path to admin' : 'admin') : `${p.access}/${p.sensitivity}`}: ${p.nativeName}`;
    }
  }
  add(privilege, best, bestName);
  return privilege;
}

function permissionPoints(p: IdentityView['permissions'][number]): number {
  if (p.access === 'admin' || p.pathToAdmin) return 35;
  if (p.access === 'write') return p.sensitivity === 'high' ? 25 : p.sensitivity === 'medium' ? 15 : 10;
  return p.sensitivity === 'high' ? 10 : 5;
}

function exposurePart(v: IdentityView, ctx: RuleContext, sharedFingerprints?: ReadonlyMap<string, number>): ScorePart {
  const exposure = newPart('exposure');
  let live = 0;
  let old = 0;
  let reused = 0;
  for (const c of v.credentials) {
    if (!c.enabled || KEYLESS_CREDENTIALS.has(c.type)) continue;
    live++;
    const age = daysSince(c.createdAt, ctx);
    if ((age !== null && age > ctx.thresholds.rotationDays) || (c.attributes.supportsExpiry === true && !c.expiresAt))
      old++;
    if (c.fingerprint && (sharedFingerprints?.get(c.fingerprint) ?? 0) > 1) reused++;
  }
  if (live) add(exposure, live >= 2 ? 10 : 6, `${live} live static credential${live > 1 ? 's' : ''}`);
  if (old) add(exposure, 5, `${old} old or non-expiring`);
  if (reused) add(exposure, 5, 'credential shared with another identity');
  if (v.permissions.some((p) => p.attributes.tenantWide === true)) add(exposure, 5, 'tenant-wide grant');
  if (v.interactive || (typeof v.attributes.humanUseEvidence === 'string' && v.attributes.humanUseEvidence))
    add(exposure, 5, 'interactive or human use');
  return exposure;
}

/** Live access nobody uses. */
function stalenessPart(v: IdentityView, ctx: RuleContext): ScorePart {
  const staleness = newPart('staleness');
  const { staleDays } = ctx.thresholds;
  const unused = daysSince(v.lastUsedAt, ctx);
  if (unused !== null && unused > staleDays)
    add(staleness, unused > 2 * staleDays ? 15 : 10, `unused for ${Math.floor(unused)} days`);
  else if (!v.lastUsedAt && v.lastUsedSource) {
    const created = daysSince(v.createdAt, ctx);
    if (created !== null && created > staleDays) add(staleness, 10, 'never used');
  }
  return staleness;
}

function ownershipPart(v: IdentityView): ScorePart {
  const ownership = newPart('ownership');
  if (!v.owner && v.ownerClaims.length === 0) add(ownership, 12, 'no owner');
  else if (!v.owner) add(ownership, 8, 'owner claims could not be resolved');
  else if (v.owner.status === 'departed' || v.owner.status === 'disabled')
    add(ownership, 15, `owner ${v.owner.status}`);
  else if (!v.owner.email && !v.owner.personId) add(ownership, 3, 'team owner only');
  else if ((v.owner.confidence ?? 1) < 0.5) add(ownership, 5, 'low-confidence owner');
  return ownership;
}

function thirdPartyPart(v: IdentityView): ScorePart {
  const thirdParty = newPart('thirdParty');
  if (v.thirdParty) {
    add(thirdParty, 5, `third-party${v.publisher?.name ? ` (${v.publisher.name})` : ''}`);
    if (v.publisher && !v.publisher.verified) add(thirdParty, 5, 'unverified publisher');
  }
  return thirdParty;
}
