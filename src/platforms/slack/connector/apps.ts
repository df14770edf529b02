import type { IdentityInput, Publisher, StaleField } from '../../../model/index.js';
import type { Install } from './audit-logs.js';
import { type TransformContext, bool, epoch, requireId, requireObject, slackId, str, userClaim } from './common.js';
import { scopeNames, scopePermissions } from './scopes.js';
import type { SlackAppInfo, SlackResolvedApp } from './wire.js';

export type AppStatus = 'approved' | 'restricted';

/** What the Audit Logs API said of the app: its latest install (null: none on record, or not read — see stale). */
export interface AppParts {
  install: Install | null;
  stale: StaleField[];
}

export const NO_AUDIT: AppParts = { install: null, stale: [] };

export const APPROVED_SOURCE = 'admin.apps.approved.list scopes';

/** A third party built it: Slack marks the org's own apps `is_internal`; unknown counts as third party. */
export const isThirdParty = (app: SlackAppInfo): boolean => app.is_internal !== true;

/** Slack reviews App Directory apps: the nearest thing to a verified publisher. Internal apps have none. */
export function publisherOf(app: SlackAppInfo): Publisher | null {
  if (!isThirdParty(app)) return null;
  let domain: string | null = null;
  try {
    domain = app.app_homepage_url ? new URL(app.app_homepage_url).hostname : null;
  } catch {
    domain = null;
  }
  return { name: null, verified: app.is_app_directory_approved === true, domain };
}

/**
 * Pure: one admin.apps.approved.list or .restricted.list entry → an `app` identity. An approved app holds its
 * scopes (bot and user); a restricted one is blocked, so its scopes are kept only as a fact. The admin who resolved
 * it (last_resolved_by, a user) is an owner candidate; whoever installed it (Audit Logs API) a stronger one.
 */
export function transform(
  raw: SlackResolvedApp,
  status: AppStatus,
  t: TransformContext,
  parts: AppParts = NO_AUDIT,
): IdentityInput {
  const entry = requireObject(raw, 'Slack app');
  const app = requireObject(entry.app, 'Slack app entry `app`');
  const nativeId = requireId(app.id, 'Slack app');
  const resolver = entry.last_resolved_by?.actor_type === 'user' ? str(entry.last_resolved_by.actor_id) : null;
  const approved = status === 'approved';
  const installer = parts.install?.userId ?? null;
  return {
    id: slackId(t, 'app', nativeId),
    platform: 'slack',
    tenant: t.tenant,
    kind: 'oauth_app',
    nativeType: 'app',
    nativeId,
    name: str(app.name) ?? nativeId,
    createdAt: null,
    createdBy: installer,
    enabled: approved,
    thirdParty: isThirdParty(app),
    publisher: publisherOf(app),
    attributes: {
      status,
      isInternal: bool(app.is_internal),
      isAppDirectoryApproved: bool(app.is_app_directory_approved),
      isGranularBotApp: bool(app.is_granular_bot_app),
      appDirectoryUrl: str(app.app_directory_url),
      resolvedAt: epoch(entry.date_updated),
      resolvedBy: resolver,
      restrictedScopes: approved ? [] : scopeNames(entry.scopes),
      teamId: str(entry.team?.id),
      installedAt: parts.install?.at ?? null,
    },
    permissions: approved ? scopePermissions(entry.scopes, APPROVED_SOURCE) : [],
    ownerClaims: [
      ...userClaim(installer, 'audit_log', 0.7, 'installed it (Audit Logs API app_installed)'),
      ...userClaim(resolver, 'consenting_user', 0.6, `${status} by this admin (last_resolved_by)`),
    ],
    stale: parts.stale,
  };
}
