import { personId, type PersonInput, type PersonStatus } from '../../../model/index.js';
import { type TransformContext, iso, requireId, str } from './common.js';
import type { OktaUser } from './wire.js';

/** Okta user status → person status: deprovisioned users have left, suspended ones are disabled (both offboarding). */
export function personStatus(status: string | undefined): PersonStatus {
  if (status === 'DEPROVISIONED') return 'departed';
  if (status === 'SUSPENDED') return 'disabled';
  return 'active';
}

/** The e-mail of each listed user by id, to name a user's manager (`profile.managerId`). */
export type EmailsById = ReadonlyMap<string, string>;

/** Pure: one Okta user → a person of the `okta` people source (Okta is an IdP: its word on status counts). */
export function transform(raw: OktaUser, emails: EmailsById, t: TransformContext): PersonInput {
  const nativeId = requireId(raw.id, 'Okta user');
  const p = raw.profile ?? {};
  const name = str(p.displayName) ?? ([str(p.firstName), str(p.lastName)].filter(Boolean).join(' ') || null);
  const status = personStatus(raw.status);
  const managerId = str(p.managerId);
  return {
    id: personId('okta', t.tenant, nativeId),
    source: 'okta',
    tenant: t.tenant,
    nativeId,
    email: str(p.email)?.toLowerCase() ?? null,
    name,
    login: str(p.login),
    status,
    departedAt: status === 'departed' ? iso(raw.statusChanged) : null,
    managerEmail: (managerId && emails.get(managerId)) || null,
    department: str(p.department),
    attributes: { oktaStatus: str(raw.status), userType: str(p.userType), lastLogin: iso(raw.lastLogin) },
  };
}
