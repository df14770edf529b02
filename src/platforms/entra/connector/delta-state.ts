import type { ConnectorState, ScanContext } from '../../../sync/connector.js';
import type { EntraOptions } from './options.js';

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

/** Delta scans never refresh sign-in activity, so a full scan is due once the last one is `fullScanEveryHours` old. */
export function fullScanDue(ctx: ScanContext<EntraOptions>): boolean {
  const lastFull = ctx.state.get(STATE_KEYS.lastFullScanAt);
  const fresh =
    lastFull !== undefined &&
    ctx.options.fullScanEveryHours > 0 &&
    ctx.clock.now().getTime() - Date.parse(lastFull) < ctx.options.fullScanEveryHours * 3_600_000;
  return !fresh;
}

/** A round of a delta query must end with a deltaLink; without one the next run could not track changes. */
export function requireDeltaLink(link: string | undefined, what: string, consequence = ''): string {
  if (!link) throw new Error(`Graph returned no @odata.deltaLink for ${what}${consequence}`);
  return link;
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
