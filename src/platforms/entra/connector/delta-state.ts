import type { ConnectorState, ScanContext } from '../../../sync/connector.js';
import type { EntraOptions } from './options.js';
import { ENTRA_SOURCES, SOURCE } from './sources.js';

/** Keys in ctx.state (per tenant, committed only after a successful run). */
export const STATE_KEYS = {
  users: 'delta:users',
  applications: 'delta:applications',
  servicePrincipals: 'delta:servicePrincipals',
  grants: 'delta:oauth2PermissionGrants',
  /** JSON {servicePrincipalId: applicationObjectId} for SPs merged into their home application's identity. */
  homeServicePrincipals: 'index:homeServicePrincipals',
  /** JSON {grantId: clientServicePrincipalId}: a deleted grant arrives as an id only. */
  grantClients: 'index:grantClients',
  lastFullScanAt: 'lastFullScanAt',
} as const;

/** The four delta links a scan ends with (users, applications, service principals, grants). */
export interface DeltaLinks {
  users: string;
  applications: string;
  servicePrincipals: string;
  grants: string;
}

/** The delta links of the last successful run, or null when any is missing (a full scan is needed). */
export function storedDeltaLinks(state: ConnectorState): DeltaLinks | null {
  const users = state.get(STATE_KEYS.users);
  const applications = state.get(STATE_KEYS.applications);
  const servicePrincipals = state.get(STATE_KEYS.servicePrincipals);
  const grants = state.get(STATE_KEYS.grants);
  if (!users || !applications || !servicePrincipals || !grants) return null;
  return { users, applications, servicePrincipals, grants };
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Whether stored delta links can be followed with this configuration: each remembers the Graph base URL it came
 * from (Graph's links are absolute), and a link to another host (graphBaseUrl changed: another cloud, another
 * emulator) would be sent without a token and fail. Such links mean a full scan, not a failed tenant.
 */
export function deltaLinksMatch(links: DeltaLinks, graphBaseUrl: string): boolean {
  const base = originOf(graphBaseUrl);
  return Object.values(links).every((link) => originOf(link) === base);
}

/** Forgets the delta links and the last full scan: the next scan is full. */
export function clearDeltaState(state: ConnectorState): void {
  for (const key of [STATE_KEYS.users, STATE_KEYS.applications, STATE_KEYS.servicePrincipals, STATE_KEYS.grants])
    state.set(key, null);
  state.set(STATE_KEYS.lastFullScanAt, null);
}

/** Delta scans never refresh sign-in activity, so a full scan is due once the last one is `fullScanEveryHours` old. */
export function fullScanDue(ctx: ScanContext<EntraOptions>): boolean {
  const lastFull = ctx.state.get(STATE_KEYS.lastFullScanAt);
  const fresh =
    lastFull !== undefined &&
    ctx.options.fullScanEveryHours > 0 &&
    ctx.clock.now().getTime() - Date.parse(lastFull) < ctx.options.fullScanEveryHours * 3_600_000;
  return !fresh;
}

export function saveDeltaLinks(state: ConnectorState, links: DeltaLinks): void {
  state.set(STATE_KEYS.users, links.users);
  state.set(STATE_KEYS.applications, links.applications);
  state.set(STATE_KEYS.servicePrincipals, links.servicePrincipals);
  state.set(STATE_KEYS.grants, links.grants);
}

/** The JSON indexes kept between runs ({} when absent or unreadable: the next full scan rebuilds them). */
export function parseJsonState(value: string | undefined): Record<string, string> {
  if (!value) return {};
  try {
    return JSON.parse(value) as Record<string, string>;
  } catch {
    return {};
  }
}

export function saveIndexes(
  state: ConnectorState,
  homeServicePrincipals: Record<string, string>,
  grantClients: Record<string, string>,
): void {
  state.set(STATE_KEYS.homeServicePrincipals, JSON.stringify(homeServicePrincipals));
  state.set(STATE_KEYS.grantClients, JSON.stringify(grantClients));
}

/**
 * Sources a scan must read whole for the next one to be a delta scan. Sign-in activity is not among them: it has
 * no delta (full scans refresh it) and tenants without a P1/P2 licence never have it.
 */
/**
 * Reports and ratings have no delta and are often refused for want of a licence (sign-in reports: P1/P2; risky
 * service principals: Workload ID Premium): their refusal must not make every scan full.
 */
const UNTRACKED: ReadonlySet<string> = new Set([
  SOURCE.signIns,
  SOURCE.riskyServicePrincipals,
  SOURCE.credentialSignIns,
]);
const TRACKED_SOURCES = ENTRA_SOURCES.map((s) => s.id).filter((id) => !UNTRACKED.has(id));

/**
 * Saves where the next delta scan continues from, only when every tracked source was read whole and each delta
 * round ended with a deltaLink; otherwise forgets the links so the next scan is full: a change this scan could not
 * apply (a refused list, one object's failed call) would never be listed by a later delta round. Returns whether
 * the links were saved.
 */
export function saveTracking(
  ctx: ScanContext<EntraOptions>,
  links: Partial<DeltaLinks>,
  homeServicePrincipals: Record<string, string>,
  grantClients: Record<string, string>,
): boolean {
  // not-run: none of the source's calls was needed (no object at the $expand cap, nothing changed).
  const incomplete = TRACKED_SOURCES.filter((s) => !['complete', 'not-run'].includes(ctx.sources.status(s)));
  const { users, applications, servicePrincipals, grants } = links;
  if (incomplete.length > 0 || !users || !applications || !servicePrincipals || !grants) {
    const why = incomplete.length ? `${incomplete.join(', ')} not read whole` : 'Graph returned no @odata.deltaLink';
    ctx.log.info(`delta tracking restarts with a full scan next time (${why})`);
    clearDeltaState(ctx.state);
    return false;
  }
  saveDeltaLinks(ctx.state, { users, applications, servicePrincipals, grants });
  saveIndexes(ctx.state, homeServicePrincipals, grantClients);
  return true;
}
