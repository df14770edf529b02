import { graphDate } from './dates.js';
import type { WireServicePrincipalSignInActivity } from './graph-types.js';

export const SIGN_IN_SOURCE = 'servicePrincipalSignInActivities';

/** beta /reports/servicePrincipalSignInActivities entry → last use (latest of all its activity kinds). Pure. */
export function transformSignInActivity(a: WireServicePrincipalSignInActivity | undefined): { lastUsedAt: string | null; detail: Record<string, string | null> } {
  if (!a) return { lastUsedAt: null, detail: {} };
  const kinds = {
    delegatedClient: graphDate(a.delegatedClientSignInActivity?.lastSignInDateTime),
    delegatedResource: graphDate(a.delegatedResourceSignInActivity?.lastSignInDateTime),
    applicationClient: graphDate(a.applicationAuthenticationClientSignInActivity?.lastSignInDateTime),
    applicationResource: graphDate(a.applicationAuthenticationResourceSignInActivity?.lastSignInDateTime),
  };
  const candidates = [graphDate(a.lastSignInActivity?.lastSignInDateTime), ...Object.values(kinds)].filter((d): d is string => !!d);
  const lastUsedAt = candidates.length ? candidates.reduce((x, y) => (x > y ? x : y)) : null;
  return { lastUsedAt, detail: kinds };
}
