import { ev } from '../../../analysis/risk/helpers.js';
import type { ViewOf } from '../../../analysis/risk/platform-rule.js';
import type { Evidence } from '../../../model/index.js';
import type { entraFacts } from '../facts.js';

type EntraView = ViewOf<typeof entraFacts, keyof typeof entraFacts>;

/** Risk states Identity Protection holds as current: still at risk, or confirmed compromised by an admin. */
const OPEN_STATES: ReadonlySet<string> = new Set(['atRisk', 'confirmedCompromised']);

/** How serious an Identity Protection rating is: critical, high, or nothing to report. */
export function riskTier(level: string | null, state: string | null): 'critical' | 'high' | null {
  if (state === null || !OPEN_STATES.has(state)) return null;
  if (state === 'confirmedCompromised' || level === 'high') return 'critical';
  return level === 'medium' ? 'high' : null;
}

/** Evidence of an open rating of the tier asked for, or null. */
export function openRisk(v: EntraView, tier: 'critical' | 'high'): Evidence[] | null {
  const { riskLevel, riskState, riskDetail, riskLastUpdatedAt } = v.attributes;
  if (riskTier(riskLevel, riskState) !== tier) return null;
  const since = riskLastUpdatedAt ? ` since ${riskLastUpdatedAt.slice(0, 10)}` : '';
  const detail = riskDetail && riskDetail !== 'none' ? ` (${riskDetail})` : '';
  return [
    ev('attributes.riskLevel', riskLevel ?? 'unknown', 'per GET /identityProtection/riskyServicePrincipals'),
    ev('attributes.riskState', riskState ?? 'unknown', `Identity Protection${since}${detail}`),
  ];
}
