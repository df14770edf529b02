import type { Org } from '../../../emulation/estate/org.js';
import type { GhEnterpriseData } from './types.js';

/** The GHEC enterprise account that owns the org: derived from the company name, no rng draw (estates unchanged). */
export function enterpriseOf(company: Org, now: Date): GhEnterpriseData {
  const created = new Date(now.getTime() - 3300 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: 4_412_345,
    slug: company.name.toLowerCase(),
    name: `${company.name[0].toUpperCase()}${company.name.slice(1)}`,
    created_at: created,
    updated_at: created,
  };
}
