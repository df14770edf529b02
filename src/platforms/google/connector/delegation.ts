import type { EdgeInput, IdentityInput, StaleField } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import type { GoogleCalls, WorkspaceClients } from './client.js';
import { emailClaim, googleId, iso, requireId, type TransformContext } from './common.js';
import type { GoogleOptions } from './options.js';
import {
  type Activity,
  advance,
  eventKey,
  listActivities,
  loadCursor,
  multiParam,
  param,
  startTimeOf,
} from './reports.js';
import { isHighScope, scopePermission } from './scopes.js';
import { ENDPOINTS, SOURCE } from './sources.js';

/**
 * Domain-wide delegation has no list API (Admin console > Security > API controls only), so it is rebuilt from the
 * Reports `admin` application: AUTHORIZE_API_CLIENT_ACCESS sets a client's scopes (adding or editing a client in the
 * console logs its whole scope list), REMOVE_API_CLIENT_ACCESS removes it. Replayed in time order onto what earlier
 * runs rebuilt (ctx.state). A grant older than the Reports retention (6 months) before the first run is not seen:
 * docs/connectors/google.md says so.
 */
export const DWD_EVENTS = { authorize: 'AUTHORIZE_API_CLIENT_ACCESS', remove: 'REMOVE_API_CLIENT_ACCESS' } as const;
/** The event parameters (names as Google's admin-event appendix and detection rules use them). */
export const DWD_PARAMS = { clientId: 'API_CLIENT_NAME', scopes: 'API_SCOPES' } as const;
const STATE_KEY = 'reports-admin-dwd';

export interface DelegationGrant {
  clientId: string;
  scopes: string[];
  authorizedBy: string | null;
  authorizedAt: string | null;
}

type Folded = Record<string, DelegationGrant>;

const byTime = (a: Activity, b: Activity): number => eventKey(a).localeCompare(eventKey(b));

/** Pure: admin activities replayed in time order onto the delegation earlier runs rebuilt. */
export function replay(folded: Folded, activities: readonly Activity[]): Folded {
  const out: Folded = { ...folded };
  for (const a of [...activities].sort(byTime)) {
    for (const e of a.events ?? []) {
      const clientId = param(e?.parameters, DWD_PARAMS.clientId);
      if (!clientId) continue;
      if (e.name === DWD_EVENTS.remove) delete out[clientId];
      else if (e.name === DWD_EVENTS.authorize)
        out[clientId] = {
          clientId,
          scopes: [...new Set(multiParam(e.parameters, DWD_PARAMS.scopes))].sort(),
          authorizedBy: a.actor?.email?.toLowerCase() ?? null,
          authorizedAt: iso(a.id?.time),
        };
    }
  }
  return out;
}

/**
 * Reads both event names since the stored cursor, replays them and stores the result; returns the current grants,
 * or null when an event was quarantined: the replay could be wrong, so nothing is emitted (the stored delegation
 * stays, the source is not complete so nothing is swept) and the next run reads the window again.
 */
export async function readDelegation(
  ws: WorkspaceClients,
  calls: GoogleCalls,
  ctx: ScanContext<GoogleOptions>,
  signal: AbortSignal,
): Promise<DelegationGrant[] | null> {
  const stored = loadCursor<Folded>(ctx.state, STATE_KEY, () => ({}));
  const startTime = startTimeOf(stored, ctx.options, ctx.clock.now());
  const seen = new Set(stored.seen);
  const events: Activity[] = [];
  let malformed = 0;
  for (const eventName of [DWD_EVENTS.authorize, DWD_EVENTS.remove]) {
    const q = { source: SOURCE.adminActivity, call: ENDPOINTS.adminActivity, applicationName: 'admin', startTime };
    const page = await listActivities(ws, calls, ctx, { ...q, eventName, seen }, signal);
    events.push(...page.events);
    malformed += page.malformed;
  }
  if (malformed > 0) return null;
  const unique = [...new Map(events.map((a) => [eventKey(a), a])).values()];
  const folded = replay(stored.folded, unique);
  ctx.state.set(STATE_KEY, JSON.stringify({ ...advance(stored, unique, ctx.options), folded }));
  return Object.values(folded);
}

export interface DelegationParts {
  serviceAccount: { email: string; identityId: string } | null;
  serviceAccountsListed: boolean;
  /** The match attributes, when the service accounts could not all be read this run. */
  stale?: StaleField[];
}

/** How delegation is matched to service accounts (connector/scan.ts decides; the transform only reports it). */
export interface ServiceAccountMatch {
  listed: boolean;
  byClientId: ReadonlyMap<string, { email: string; identityId: string }>;
  stale: StaleField[];
}

/** The attributes a delegation's match to a service account fills. */
export const MATCH_FIELDS: StaleField['field'][] = ['attributes.serviceAccount', 'attributes.serviceAccountsListed'];

/**
 * Pure: one delegated client → a `dwd_client` identity: each scope a tenant-wide permission, the admin who
 * authorised it an owner candidate (audit log), the service account with that oauth2ClientId when one was found.
 */
export function transform(grant: DelegationGrant, t: TransformContext, parts: DelegationParts): IdentityInput {
  const nativeId = requireId(grant.clientId, 'domain-wide delegation', DWD_PARAMS.clientId);
  return {
    id: googleId(t, 'dwd_client', nativeId),
    platform: 'google',
    tenant: t.tenant,
    kind: 'oauth_grant',
    nativeType: 'dwd_client',
    nativeId,
    // Named by the client id alone: the matched service account (an attribute) depends on the Cloud part's reads.
    name: `domain-wide delegation: ${nativeId}`,
    createdAt: grant.authorizedAt,
    createdBy: grant.authorizedBy,
    enabled: true,
    thirdParty: false,
    attributes: {
      authorizedBy: grant.authorizedBy,
      authorizedAt: grant.authorizedAt,
      highScopes: grant.scopes.filter(isHighScope),
      serviceAccount: parts.serviceAccount?.email ?? null,
      serviceAccountsListed: parts.serviceAccountsListed,
    },
    permissions: grant.scopes.map((s) => scopePermission(s, DWD_EVENTS.authorize, { tenantWide: true })),
    ownerClaims: emailClaim(
      grant.authorizedBy,
      'audit_log',
      0.6,
      `authorised the delegation (${DWD_EVENTS.authorize})`,
    ),
    stale: parts.stale ?? [],
  };
}

/** The delegation → the service account it lets act as every user. */
export function serviceAccountEdge(grant: DelegationGrant, serviceAccountId: string, t: TransformContext): EdgeInput {
  return {
    from: googleId(t, 'dwd_client', grant.clientId),
    to: serviceAccountId,
    kind: 'delegated_to',
    attributes: { oauth2ClientId: grant.clientId },
  };
}
