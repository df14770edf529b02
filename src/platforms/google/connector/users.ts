import type { admin_directory_v1 } from '@googleapis/admin';
import { type PersonInput, personId } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import type { GoogleCalls, WorkspaceClients } from './client.js';
import { type TransformContext, bool, requireId, requireObject, str } from './common.js';
import type { GoogleOptions } from './options.js';
import { ENDPOINTS } from './sources.js';

type User = admin_directory_v1.Schema$User;

/** users.list pages of the customer (nextPageToken paging, at most 500 a page). */
export async function* listUsers(
  ws: WorkspaceClients,
  calls: GoogleCalls,
  ctx: ScanContext<GoogleOptions>,
  signal: AbortSignal,
): AsyncGenerator<User[]> {
  let pageToken: string | undefined;
  do {
    const params = { customer: ctx.options.customer, maxResults: ctx.options.usersPageSize, pageToken };
    const page = await calls.call(ENDPOINTS.users, signal, (o) => ws.directory.users.list(params, o));
    ctx.metrics.page();
    yield page.users ?? [];
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
}

/**
 * Archived users are leavers whose data is kept (Google's Archived User licence), so they have departed; suspended
 * users cannot sign in (often offboarding in progress), so they are disabled — both stop counting as owners.
 */
export function personStatus(raw: User): PersonInput['status'] {
  if (raw.archived === true) return 'departed';
  if (raw.suspended === true) return 'disabled';
  return 'active';
}

interface Relation {
  type?: string;
  value?: string;
}
interface Organization {
  department?: string;
  primary?: boolean;
}

/** The manager of `relations` (type manager; the value is the manager's email). */
export function managerOf(raw: User): string | null {
  const relations = Array.isArray(raw.relations) ? (raw.relations as Relation[]) : [];
  const manager = relations.find((r) => r?.type === 'manager');
  return str(manager?.value)?.toLowerCase() ?? null;
}

function departmentOf(raw: User): string | null {
  const orgs = Array.isArray(raw.organizations) ? (raw.organizations as Organization[]) : [];
  return str((orgs.find((o) => o?.primary) ?? orgs[0])?.department);
}

/** Pure: one users.list entry → a person of the `google` people source (an IdP: its word on employment counts). */
export function toPerson(raw: User, t: TransformContext): PersonInput {
  const user = requireObject(raw, 'Google user');
  const nativeId = requireId(user.id, 'Google user');
  const status = personStatus(user);
  return {
    id: personId('google', t.tenant, nativeId),
    source: 'google',
    tenant: t.tenant,
    nativeId,
    email: str(user.primaryEmail)?.toLowerCase() ?? null,
    name: str(user.name?.fullName),
    login: str(user.primaryEmail)?.toLowerCase() ?? null,
    status,
    departedAt: null,
    managerEmail: managerOf(user),
    team: departmentOf(user),
    department: departmentOf(user),
    attributes: {
      orgUnitPath: str(user.orgUnitPath),
      isAdmin: bool(user.isAdmin),
      suspended: bool(user.suspended),
      archived: bool(user.archived),
    },
  };
}
