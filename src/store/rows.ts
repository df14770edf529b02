import type { Credential, Identity, Permission, Person, Edge } from '../model/index.js';
import type { CredentialsTable, IdentitiesTable, PermissionsTable, PeopleTable, EdgesTable } from './schema.js';

/** An inventory row with the sub-scope of its tenant whose run wrote it ('' = unsplit; schema.ts ScopeColumn). */
export type Scoped<T> = T & { scope: string };

export const bool = (b: boolean): number => (b ? 1 : 0);
export const json = (v: unknown): string => JSON.stringify(v ?? {});
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function identityRow(i: Identity, runId: string, now: string, scope = ''): Scoped<IdentitiesTable> {
  return {
    id: i.id,
    platform: i.platform,
    tenant: i.tenant,
    kind: i.kind,
    native_type: i.nativeType,
    native_id: i.nativeId,
    name: i.name,
    created_at: i.createdAt,
    created_by: i.createdBy,
    last_used_at: i.lastUsedAt,
    last_used_source: i.lastUsedSource,
    enabled: bool(i.enabled),
    publisher_name: i.publisher?.name ?? null,
    publisher_verified: i.publisher ? bool(i.publisher.verified) : null,
    publisher_domain: i.publisher?.domain ?? null,
    third_party: bool(i.thirdParty),
    interactive: bool(i.interactive),
    environment: i.environment,
    attributes: json(i.attributes),
    owner_claims: JSON.stringify(i.ownerClaims),
    first_seen: now,
    last_seen: now,
    sync_run_id: runId,
    // Seen again: no longer gone.
    gone_at: null,
    gone_run_id: null,
    stale: JSON.stringify(i.stale),
    scope,
    content_hash: null,
  };
}

export function credentialRow(identity: Identity, c: Credential, runId: string, scope = ''): Scoped<CredentialsTable> {
  return {
    id: c.id,
    identity_id: identity.id,
    platform: identity.platform,
    tenant: identity.tenant,
    type: c.type,
    name: c.name,
    created_at: c.createdAt,
    expires_at: c.expiresAt,
    last_used_at: c.lastUsedAt,
    last_used_source: c.lastUsedSource,
    fingerprint: c.fingerprint,
    enabled: bool(c.enabled),
    attributes: json(c.attributes),
    sync_run_id: runId,
    scope,
  };
}

export function permissionRow(
  identity: Identity,
  p: Permission,
  ordinal: number,
  runId: string,
  scope = '',
): Scoped<PermissionsTable> {
  return {
    identity_id: identity.id,
    ordinal,
    platform: identity.platform,
    tenant: identity.tenant,
    native_name: p.nativeName,
    resource: p.resource,
    access: p.access,
    sensitivity: p.sensitivity,
    path_to_admin: bool(p.pathToAdmin),
    source: p.source,
    last_used_at: p.lastUsedAt,
    attributes: json(p.attributes),
    sync_run_id: runId,
    scope,
  };
}

export function personRow(p: Person, runId: string, now: string, scope = ''): Scoped<PeopleTable> {
  return {
    id: p.id,
    source: p.source,
    tenant: p.tenant,
    native_id: p.nativeId,
    email: p.email?.toLowerCase() ?? null,
    name: p.name,
    login: p.login,
    status: p.status,
    departed_at: p.departedAt,
    manager_email: p.managerEmail?.toLowerCase() ?? null,
    team: p.team,
    department: p.department,
    attributes: json(p.attributes),
    first_seen: now,
    last_seen: now,
    sync_run_id: runId,
    scope,
  };
}

export function edgeRow(e: Edge, platform: string, tenant: string, runId: string, scope = ''): Scoped<EdgesTable> {
  return {
    from_id: e.from,
    to_id: e.to,
    kind: e.kind,
    platform,
    tenant,
    attributes: json(e.attributes),
    sync_run_id: runId,
    scope,
  };
}

/** Columns a Credential is built from (readers select only these). */
export const CREDENTIAL_COLUMNS = [
  'id',
  'type',
  'name',
  'created_at',
  'expires_at',
  'last_used_at',
  'last_used_source',
  'fingerprint',
  'enabled',
  'attributes',
] as const;

export function credentialFromRow(r: Pick<CredentialsTable, (typeof CREDENTIAL_COLUMNS)[number]>): Credential {
  return {
    id: r.id,
    type: r.type as Credential['type'],
    name: r.name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    lastUsedSource: r.last_used_source,
    fingerprint: r.fingerprint,
    enabled: r.enabled === 1,
    attributes: parseJson(r.attributes, {}),
  };
}

/** Columns a Permission is built from (readers select only these). */
export const PERMISSION_COLUMNS = [
  'native_name',
  'resource',
  'access',
  'sensitivity',
  'path_to_admin',
  'source',
  'last_used_at',
  'attributes',
] as const;

export function permissionFromRow(r: Pick<PermissionsTable, (typeof PERMISSION_COLUMNS)[number]>): Permission {
  return {
    nativeName: r.native_name,
    resource: r.resource,
    access: r.access as Permission['access'],
    sensitivity: r.sensitivity as Permission['sensitivity'],
    pathToAdmin: r.path_to_admin === 1,
    source: r.source,
    lastUsedAt: r.last_used_at,
    attributes: parseJson(r.attributes, {}),
  };
}

export function personFromRow(r: PeopleTable): Person {
  return {
    id: r.id,
    source: r.source,
    tenant: r.tenant,
    nativeId: r.native_id,
    email: r.email,
    name: r.name,
    login: r.login,
    status: r.status as Person['status'],
    departedAt: r.departed_at,
    managerEmail: r.manager_email,
    team: r.team,
    department: r.department,
    attributes: parseJson(r.attributes, {}),
  };
}

/** Columns an Identity is built from (readers select only these; credentials and permissions come separately). */
export const IDENTITY_COLUMNS = [
  'id',
  'platform',
  'tenant',
  'kind',
  'native_type',
  'native_id',
  'name',
  'created_at',
  'created_by',
  'last_used_at',
  'last_used_source',
  'enabled',
  'publisher_name',
  'publisher_verified',
  'publisher_domain',
  'third_party',
  'interactive',
  'environment',
  'attributes',
  'owner_claims',
  'stale',
] as const;

export function identityFromRow(
  r: Pick<IdentitiesTable, (typeof IDENTITY_COLUMNS)[number]>,
  credentials: Credential[],
  permissions: Permission[],
): Identity {
  return {
    id: r.id,
    platform: r.platform as Identity['platform'],
    tenant: r.tenant,
    kind: r.kind as Identity['kind'],
    nativeType: r.native_type,
    nativeId: r.native_id,
    name: r.name,
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    lastUsedSource: r.last_used_source,
    enabled: r.enabled === 1,
    publisher:
      r.publisher_verified === null && r.publisher_name === null
        ? null
        : { name: r.publisher_name, verified: r.publisher_verified === 1, domain: r.publisher_domain },
    thirdParty: r.third_party === 1,
    interactive: r.interactive === 1,
    environment: r.environment,
    attributes: parseJson(r.attributes, {}),
    credentials,
    permissions,
    ownerClaims: parseJson(r.owner_claims, []),
    stale: parseJson(r.stale, []),
  };
}
