import { graphDate } from './dates.js';
import { type Graph, q } from './graph.js';
import type { WireServicePrincipalSignInActivity } from './graph-types.js';

export const SIGN_IN_SOURCE = 'servicePrincipalSignInActivities';

/**
 * beta GET /reports/servicePrincipalSignInActivities: the whole report, or the entry of one appId ($filter). Needs
 * AuditLog.Read.All and an Entra ID P1/P2 licence; a refusal is the sign-in source's outcome (usage stays unknown
 * rather than "never used"), recorded by the tracker.
 */
export function listSignInActivities(
  graph: Graph,
  filterAppId: string | undefined,
  onPage: (entries: WireServicePrincipalSignInActivity[]) => void | Promise<void>,
) {
  const path = filterAppId
    ? `/reports/servicePrincipalSignInActivities?$filter=${q(`appId eq '${filterAppId}'`)}`
    : '/reports/servicePrincipalSignInActivities?$top=999';
  return graph.each<WireServicePrincipalSignInActivity>(path, SIGN_IN_SOURCE, onPage, 'beta');
}

const latest = (dates: Array<string | null>): string | null => {
  const present = dates.filter((d): d is string => !!d);
  // biome-ignore lint/complexity/useMathMinMax: ISO-8601 strings compare as text; Math.max would give NaN.
  return present.length ? present.reduce((x, y) => (x > y ? x : y)) : null;
};

type SignInKind = 'delegatedClient' | 'delegatedResource' | 'applicationClient' | 'applicationResource';

/**
 * beta /reports/servicePrincipalSignInActivities entry → last use. Pure. Only sign-ins where the app is the
 * *client* (app-only or delegated) are its use: as a resource, others signed in *to* it (an API called by its
 * clients), which says nothing about whether its own credentials are in use; that is kept as
 * `lastUsedAsResourceAt`. `lastSignInActivity` is the latest of all four kinds, resource side included, so it is
 * not read.
 */
export function transformSignInActivity(a: WireServicePrincipalSignInActivity | undefined): {
  lastUsedAt: string | null;
  lastUsedAsResourceAt: string | null;
  detail: Partial<Record<SignInKind, string | null>>;
} {
  if (!a) return { lastUsedAt: null, lastUsedAsResourceAt: null, detail: {} };
  const kinds: Record<SignInKind, string | null> = {
    delegatedClient: graphDate(a.delegatedClientSignInActivity?.lastSignInDateTime),
    delegatedResource: graphDate(a.delegatedResourceSignInActivity?.lastSignInDateTime),
    applicationClient: graphDate(a.applicationAuthenticationClientSignInActivity?.lastSignInDateTime),
    applicationResource: graphDate(a.applicationAuthenticationResourceSignInActivity?.lastSignInDateTime),
  };
  return {
    lastUsedAt: latest([kinds.delegatedClient, kinds.applicationClient]),
    lastUsedAsResourceAt: latest([kinds.delegatedResource, kinds.applicationResource]),
    detail: kinds,
  };
}

/** The activity kinds of a report entry the transform reads, in the order `packSignInActivity` writes them. */
const KINDS = [
  'delegatedClientSignInActivity',
  'delegatedResourceSignInActivity',
  'applicationAuthenticationClientSignInActivity',
  'applicationAuthenticationResourceSignInActivity',
] as const;

/**
 * A full scan holds the whole sign-in report (one entry per application, 270k at 1M identities) until the
 * identities are built: kept as one string of the four per-kind last-sign-in times (all the transform reads),
 * about a sixth of the parsed entry's memory.
 */
export function packSignInActivity(a: WireServicePrincipalSignInActivity): string {
  return KINDS.map((k) => a[k]?.lastSignInDateTime ?? '').join('|');
}

export function unpackSignInActivity(packed: string): WireServicePrincipalSignInActivity {
  const times = packed.split('|');
  const out: WireServicePrincipalSignInActivity = {};
  KINDS.forEach((k, n) => {
    if (times[n]) out[k] = { lastSignInDateTime: times[n] };
  });
  return out;
}
