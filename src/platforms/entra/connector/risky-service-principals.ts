import type { ScanContext } from '../../../sync/connector.js';
import { graphDate } from './dates.js';
import type { Graph } from './graph.js';
import type { WireRiskyServicePrincipal } from './graph-types.js';
import type { IdentityFetcher } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { usable } from './records.js';
import { SOURCE } from './sources.js';

const RISK_SELECT = 'id,riskLevel,riskState,riskDetail,riskLastUpdatedDateTime';

/**
 * GET /identityProtection/riskyServicePrincipals: the service principals Identity Protection has rated (leaked
 * credentials, suspicious sign-ins, admin-confirmed compromise), remediated and dismissed ones included.
 */
export function listRiskyServicePrincipals(
  graph: Graph,
  onPage: (items: WireRiskyServicePrincipal[]) => void | Promise<void>,
) {
  return graph.each<WireRiskyServicePrincipal>(
    `/identityProtection/riskyServicePrincipals?$select=${RISK_SELECT}`,
    'riskyServicePrincipals',
    onPage,
  );
}

/** The risk attributes of an identity (risk.ts facts). */
export interface RiskFacts {
  riskLevel: string | null;
  riskState: string | null;
  riskDetail: string | null;
  riskLastUpdatedAt: string | null;
}

const UNKNOWN: RiskFacts = { riskLevel: null, riskState: null, riskDetail: null, riskLastUpdatedAt: null };
/** Identity Protection lists only the service principals it rated: one it did not list is not at risk. */
const NOT_RATED: RiskFacts = { riskLevel: 'none', riskState: 'none', riskDetail: null, riskLastUpdatedAt: null };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * A service principal's Identity Protection rating → facts. Pure. `tracked`: the list was read, so a service
 * principal absent from it is rated `none`; otherwise (refused: no licence or permission) everything is unknown.
 */
export function transformRisk(
  risk: WireRiskyServicePrincipal | undefined,
  hasServicePrincipal: boolean,
  tracked: boolean,
): RiskFacts {
  if (!hasServicePrincipal || !tracked) return UNKNOWN;
  if (!risk) return NOT_RATED;
  return {
    riskLevel: str(risk.riskLevel),
    riskState: str(risk.riskState),
    riskDetail: str(risk.riskDetail),
    riskLastUpdatedAt: graphDate(risk.riskLastUpdatedDateTime),
  };
}

/**
 * Reads the risky service principals into `fetcher.risks` (by SP id) before any identity is emitted. A refusal
 * (403 without a Workload Identities Premium licence) is the source's outcome; the risk stays unknown, never "not
 * at risk". An entry without an id is quarantined; which principal it rated is unknown, so every rating is.
 */
export async function readRiskyServicePrincipals(
  ctx: ScanContext<EntraOptions>,
  graph: Graph,
  fetcher: IdentityFetcher,
): Promise<void> {
  const lost = () => {
    fetcher.risksLost = true;
  };
  await ctx.sources.read(SOURCE.riskyServicePrincipals, async (signal) => {
    await listRiskyServicePrincipals(graph.bound(signal), async (page) => {
      for (const r of await usable(ctx, SOURCE.riskyServicePrincipals, page, 'riskyServicePrincipal', lost))
        fetcher.risks.set(r.id, r);
    });
  });
  const status = ctx.sources.status(SOURCE.riskyServicePrincipals);
  fetcher.risksTracked = status === 'complete' || status === 'partial';
}
