import type { IdentityInput, StaleField } from '../../../model/index.js';
import {
  OAUTH_TOKEN_SOURCE,
  type TransformContext,
  bool,
  iso,
  requireId,
  requireRecord,
  sfId,
  str,
  userClaim,
} from './common.js';
import { type AppPackage, publishedBy } from './app-menu.js';
import type { SfConnectedApplication } from './wire.js';

/**
 * A connected app's refresh-token policy (OAuth policies): RefreshTokenValidityPeriod is null for the default
 * "Refresh token is valid until revoked"; else tokens expire after the period, or after that long unused when
 * OptionsRefreshTokenValidityMetric is true.
 */
export type RefreshTokenPolicy = 'until_revoked' | 'expires_after_period' | 'expires_if_unused';

export function refreshTokenPolicy(raw: SfConnectedApplication): RefreshTokenPolicy {
  if (typeof raw.RefreshTokenValidityPeriod !== 'number') return 'until_revoked';
  return raw.OptionsRefreshTokenValidityMetric === true ? 'expires_if_unused' : 'expires_after_period';
}

/**
 * What the OAuth token list told about one app: its latest token use (null: none), and what could not be read; and
 * the managed package it came in (null: built in the org).
 */
export interface AppParts {
  lastUsedAt: string | null;
  stale: StaleField[];
  package?: AppPackage | null;
}

/** Pure: one ConnectedApplication row → a connected_app identity. */
export function transform(raw: SfConnectedApplication, parts: AppParts, t: TransformContext): IdentityInput {
  const app = requireRecord(raw, 'Salesforce ConnectedApplication');
  const nativeId = requireId(app.Id, 'Salesforce ConnectedApplication');
  const publisher = publishedBy(parts.package ?? null);
  return {
    id: sfId(t, 'connected_app', nativeId),
    platform: 'salesforce',
    tenant: t.tenant,
    kind: 'oauth_app',
    nativeType: 'connected_app',
    nativeId,
    name: str(app.Name) ?? nativeId,
    createdAt: iso(app.CreatedDate),
    lastUsedAt: parts.lastUsedAt,
    lastUsedSource: OAUTH_TOKEN_SOURCE,
    enabled: true,
    thirdParty: publisher.thirdParty,
    attributes: {
      ...publisher.attributes,
      adminApprovedOnly: bool(app.OptionsAllowAdminApprovedUsersOnly),
      refreshTokenPolicy: refreshTokenPolicy(app),
      refreshTokenValidityPeriod:
        typeof app.RefreshTokenValidityPeriod === 'number' ? app.RefreshTokenValidityPeriod : null,
      highAssuranceSession: bool(app.OptionsHasSessionLevelPolicy),
      startUrl: str(app.StartUrl),
      lastModifiedDate: iso(app.LastModifiedDate),
    },
    ownerClaims: userClaim(t, str(app.CreatedById), 'creator', 'ConnectedApplication.CreatedById'),
    stale: parts.stale,
  };
}
