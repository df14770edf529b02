/** Rows of the risk tables as the store holds them, written by hand for tests (no analysis code involved). */

/** When the hand-written scores were computed (the API tests' clock). */
const NOW = '2026-11-15T12:00:00.000Z';

/** A findings row as the store holds it (the API tests' hand-written findings). */
export const findingRow = (rule: string, identityId: string, severity: string, status: string, extra = {}) => {
  const [platform, tenant] = identityId.split(':');
  return {
    id: `${rule}|${identityId}`,
    rule_id: rule,
    identity_id: identityId,
    platform,
    tenant,
    severity,
    title: `${rule} title`,
    message: `${rule} on ${identityId}`,
    evidence: '[]',
    status,
    first_seen: '2026-11-01T00:00:00.000Z',
    last_seen: '2026-11-15T00:00:00.000Z',
    resolved_at: null,
    suppressed_reason: null,
    suppressed_by: null,
    suppressed_until: null,
    resolved_reason: null,
    ...extra,
  };
};

/**
 * A risk_scores row as the store holds it; `openRank`: its most severe open finding as the risk step stores it (4
 * critical … 0 info, -1 none).
 */
export const scoreRow = (identityId: string, exposure: number, openRank: number) => {
  const [platform, tenant] = identityId.split(':');
  return {
    identity_id: identityId,
    platform,
    tenant,
    score: 10,
    privilege: 0,
    exposure: 0,
    staleness: 0,
    ownership: 0,
    third_party: 0,
    explanation: 'seeded',
    parts: '[]',
    computed_at: NOW,
    fix_exposure: exposure,
    fix_factors: '{}',
    open_rank: openRank,
  };
};
