import { type IdentityInput, type PersonInput, type StaleField, personId } from '../../../model/index.js';
import { INTEGRATION_LICENCE } from './permission-map.js';
import {
  LOGIN_HISTORY_SOURCE,
  type TransformContext,
  bool,
  iso,
  requireId,
  requireRecord,
  sfId,
  str,
  userClaim,
} from './common.js';
import type { SfUser } from './wire.js';

/** Why a user is an integration user: its profile is API only, its licence is Salesforce Integration, or it logs in only through the API. */
export type IntegrationBasis = 'api_only_profile' | 'integration_licence' | 'api_logins';

/** What the user record alone says (no login history): an API-only profile or the integration licence. */
export function declaredBasis(raw: SfUser): IntegrationBasis | null {
  if (raw?.Profile?.PermissionsApiUserOnly === true) return 'api_only_profile';
  if (raw?.Profile?.UserLicense?.Name === INTEGRATION_LICENCE) return 'integration_licence';
  return null;
}

/** Pure: one human user → a person of the `salesforce` people source (an inactive user is disabled, not departed). */
export function toPerson(raw: SfUser, t: TransformContext): PersonInput {
  const user = requireRecord(raw, 'Salesforce User');
  const nativeId = requireId(user.Id, 'Salesforce User');
  return {
    id: personId('salesforce', t.tenant, nativeId),
    source: 'salesforce',
    tenant: t.tenant,
    nativeId,
    email: str(user.Email)?.toLowerCase() ?? null,
    name: str(user.Name),
    login: str(user.Username),
    status: user.IsActive === false ? 'disabled' : 'active',
    managerEmail: str(user.Manager?.Email)?.toLowerCase() ?? null,
    attributes: { profile: str(user.Profile?.Name), userLicense: str(user.Profile?.UserLicense?.Name) },
  };
}

/** What was read for one integration user besides the user record. */
export interface UserParts {
  basis: IntegrationBasis;
  lastLoginAt: string | null;
  permissions: NonNullable<IdentityInput['permissions']>;
  stale: StaleField[];
}

/** Pure: one integration user (by `parts.basis`) → an integration_user identity. */
export function toIntegrationUser(raw: SfUser, parts: UserParts, t: TransformContext): IdentityInput {
  const user = requireRecord(raw, 'Salesforce User');
  const nativeId = requireId(user.Id, 'Salesforce User');
  return {
    id: sfId(t, 'integration_user', nativeId),
    platform: 'salesforce',
    tenant: t.tenant,
    kind: 'integration_user',
    nativeType: 'integration_user',
    nativeId,
    name: str(user.Username) ?? nativeId,
    createdAt: iso(user.CreatedDate),
    lastUsedAt: parts.lastLoginAt,
    lastUsedSource: LOGIN_HISTORY_SOURCE,
    enabled: bool(user.IsActive),
    attributes: {
      username: str(user.Username),
      profile: str(user.Profile?.Name),
      userLicense: str(user.Profile?.UserLicense?.Name),
      apiOnlyProfile: bool(user.Profile?.PermissionsApiUserOnly),
      integrationBasis: parts.basis,
    },
    permissions: parts.permissions,
    ownerClaims: userClaim(t, str(user.CreatedById), 'creator', 'User.CreatedById'),
    stale: parts.stale,
  };
}
