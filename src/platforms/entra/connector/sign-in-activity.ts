import { graphDate } from './dates.js';
import { type Graph, q, statusOf } from './graph.js';
import type { WireServicePrincipalSignInActivity } from './graph-types.js';

export const SIGN_IN_SOURCE = 'servicePrincipalSignInActivities';

/**
 * beta GET /reports/servicePrincipalSignInActivities: the whole report, or the entry of one appId ($filter).
 * Returns the HTTP status when the report is unavailable (403/400/404: needs AuditLog.Read.All and an Entra ID
 * P1/P2 licence), so usage is unknown rather than "never used"; other errors are thrown.
 */
export async function listSignInActivities(
  graph: Graph,
  filterAppId: string | undefined,
  onPage: (entries: WireServicePrincipalSignInActivity[]) => void,
): Promise<{ unavailable: number } | null> {
  const path = filterAppId
    ? `/reports/servicePrincipalSignInActivities?$filter=${q(`appId eq '${filterAppId}'`)}`
    : '/reports/servicePrincipalSignInActivities?$top=999';
  try {
    await graph.each<WireServicePrincipalSignInActivity>(path, SIGN_IN_SOURCE, onPage, 'beta');
    return null;
  } catch (error) {
    const status = statusOf(error);
    if (status !== 403 && status !== 400 && status !== 404) throw error;
    return { unavailable: status };
  }
}

type SignInKind = 'delegatedClient' | 'delegatedResource' | 'applicationClient' | 'applicationResource';

/** beta /reports/servicePrincipalSignInActivities entry → last use (latest of all its activity kinds). Pure. */
export function transformSignInActivity(a: WireServicePrincipalSignInActivity | undefined): {
  lastUsedAt: string | null;
  detail: Partial<Record<SignInKind, string | null>>;
} {
  if (!a) return { lastUsedAt: null, detail: {} };
  const kinds: Record<SignInKind, string | null> = {
    delegatedClient: graphDate(a.delegatedClientSignInActivity?.lastSignInDateTime),
    delegatedResource: graphDate(a.delegatedResourceSignInActivity?.lastSignInDateTime),
    applicationClient: graphDate(a.applicationAuthenticationClientSignInActivity?.lastSignInDateTime),
    applicationResource: graphDate(a.applicationAuthenticationResourceSignInActivity?.lastSignInDateTime),
  };
  const candidates = [graphDate(a.lastSignInActivity?.lastSignInDateTime), ...Object.values(kinds)].filter(
    (d): d is string => !!d,
  );
  // biome-ignore lint/complexity/useMathMinMax: ISO-8601 strings compare as text; Math.max would give NaN.
  const lastUsedAt = candidates.length ? candidates.reduce((x, y) => (x > y ? x : y)) : null;
  return { lastUsedAt, detail: kinds };
}

/** The activity kinds of a report entry, in the order `packSignInActivity` writes them. */
const KINDS = [
  'lastSignInActivity',
  'delegatedClientSignInActivity',
  'delegatedResourceSignInActivity',
  'applicationAuthenticationClientSignInActivity',
  'applicationAuthenticationResourceSignInActivity',
] as const;

/**
 * A full scan holds the whole sign-in report (one entry per application, 270k at 1M identities) until the
 * identities are built: kept as one string of the five last-sign-in times (all the transform reads), about a
 * sixth of the parsed entry's memory.
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
