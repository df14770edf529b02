import type { IdentityInput } from '../../../model/index.js';
import { isThirdParty } from './apps.js';
import { type TransformContext, bool, epoch, requireId, requireObject, slackId, str, userClaim } from './common.js';
import { highScopes, scopeNames } from './scopes.js';
import type { SlackAppRequest } from './wire.js';

/**
 * Pure: one admin.apps.requests.list entry (a request no admin has resolved yet) → an `app_request` identity. Nothing
 * is granted yet, so the requested scopes are facts, not permissions; the requester is the owner candidate.
 */
export function transform(raw: SlackAppRequest, t: TransformContext): IdentityInput {
  const request = requireObject(raw, 'Slack app request');
  const nativeId = requireId(request.id, 'Slack app request');
  const app = request.app ?? {};
  const requested = scopeNames(request.scopes);
  const requester = str(request.user?.id);
  return {
    id: slackId(t, 'app_request', nativeId),
    platform: 'slack',
    tenant: t.tenant,
    kind: 'oauth_grant',
    nativeType: 'app_request',
    nativeId,
    name: `${str(app.name) ?? str(app.id) ?? nativeId} (request)`,
    createdAt: epoch(request.date_created),
    createdBy: requester,
    // A pending request grants nothing until an admin approves it.
    enabled: false,
    thirdParty: isThirdParty(app),
    attributes: {
      appId: str(app.id),
      isInternal: bool(app.is_internal),
      isAppDirectoryApproved: bool(app.is_app_directory_approved),
      requestedScopes: requested,
      highRiskScopes: highScopes(requested),
      previousResolution: str(request.previous_resolution?.status),
      teamId: str(request.team?.id),
    },
    ownerClaims: userClaim(requester, 'installer', 0.8, 'requested the app (admin.apps.requests.list user)'),
  };
}
