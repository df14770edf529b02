import type { admin_reports_v1 } from '@googleapis/admin';
import type { OrgPerson } from '../../../emulation/estate/org.js';
import type { AppKind } from './catalogue.js';
import type { GenContext } from './context.js';

type Activity = admin_reports_v1.Schema$Activity;

/** A Reports activity id: the event time and a unique qualifier (a signed 64-bit number as a string). */
function idOf(c: GenContext, at: string, applicationName: string): Activity['id'] {
  return {
    time: at,
    uniqueQualifier: `-${c.rng.int(1_000_000_000, 2_000_000_000)}${c.rng.int(100_000_000, 999_999_999)}`,
    applicationName,
    customerId: c.customerId,
  };
}

/** One `token` application event (authorize or activity) as activities.list returns it. */
export function tokenEvent(
  c: GenContext,
  e: { at: string; user: OrgPerson; userId: string; name: string; clientId: string; app: string; kind: AppKind },
): Activity {
  const parameters: NonNullable<NonNullable<Activity['events']>[number]['parameters']> = [
    { name: 'client_id', value: e.clientId },
    { name: 'app_name', value: e.app },
    { name: 'client_type', value: e.kind.clientType },
  ];
  if (e.name === 'authorize') parameters.push({ name: 'scope', multiValue: [...e.kind.scopes] });
  else
    parameters.push({ name: 'api_name', value: 'gmail' }, { name: 'method_name', value: 'gmail.users.messages.list' });
  return {
    kind: 'admin#reports#activity',
    id: idOf(c, e.at, 'token'),
    etag: `"${c.rng.token(27)}"`,
    actor: { email: e.user.email, profileId: e.userId, callerType: 'USER' },
    ipAddress: `203.0.113.${c.rng.int(1, 254)}`,
    events: [{ type: 'auth', name: e.name, parameters }],
  };
}

/** One `admin` application event of domain-wide delegation (AUTHORIZE_ / REMOVE_API_CLIENT_ACCESS). */
export function delegationEvent(
  c: GenContext,
  e: { at: string; admin: OrgPerson; adminId: string; name: string; clientId: string; scopes: readonly string[] },
): Activity {
  const parameters: NonNullable<NonNullable<Activity['events']>[number]['parameters']> = [
    { name: 'API_CLIENT_NAME', value: e.clientId },
  ];
  if (e.scopes.length) parameters.push({ name: 'API_SCOPES', multiValue: [...e.scopes] });
  return {
    kind: 'admin#reports#activity',
    id: idOf(c, e.at, 'admin'),
    etag: `"${c.rng.token(27)}"`,
    actor: { email: e.admin.email, profileId: e.adminId, callerType: 'USER' },
    ipAddress: `198.51.100.${c.rng.int(1, 254)}`,
    events: [{ type: 'DOMAIN_SETTINGS', name: e.name, parameters }],
  };
}
