import { z } from 'zod';
import { PlatformId } from './platform.js';

/** ISO-8601 UTC timestamp string (e.g. 2024-05-01T12:00:00.000Z). Stored as text so SQLite and PostgreSQL sort alike. */
export const Timestamp = z.string().datetime({ offset: true });
export const NullableTimestamp = Timestamp.nullable();

export const IDENTITY_KINDS = [
  'service_account',
  'api_key',
  'oauth_app',
  'oauth_grant',
  'bot',
  'certificate',
  'secret',
  'workload_identity',
  'deploy_key',
  'personal_access_token',
  'webhook',
  'integration_user',
] as const;
export const IdentityKind = z.enum(IDENTITY_KINDS);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const CREDENTIAL_TYPES = [
  'client_secret',
  'certificate',
  'access_key',
  'ssh_key',
  'token',
  'federated',
  'password',
  'webhook_secret',
  'secret_value',
  'private_key',
] as const;
export const CredentialType = z.enum(CREDENTIAL_TYPES);
export type CredentialType = z.infer<typeof CredentialType>;

/** A secret/key/cert/token of an identity. Never carries the secret value: only a fingerprint or redacted hint. */
export const Credential = z.object({
  id: z.string().min(1),
  type: CredentialType,
  name: z.string().nullable().default(null),
  createdAt: NullableTimestamp.default(null),
  expiresAt: NullableTimestamp.default(null),
  lastUsedAt: NullableTimestamp.default(null),
  /** Which evidence said when it was last used, e.g. "credential report" or "deploy key last_used". */
  lastUsedSource: z.string().nullable().default(null),
  fingerprint: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Credential = z.infer<typeof Credential>;
export type CredentialInput = z.input<typeof Credential>;

export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
export const AccessLevel = z.enum(ACCESS_LEVELS);
export type AccessLevel = z.infer<typeof AccessLevel>;
export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export const Sensitivity = z.enum(SENSITIVITIES);
export type Sensitivity = z.infer<typeof Sensitivity>;

/** What an identity may do: the vendor's own name plus a normalized risk tier from the platform's mapping table. */
export const Permission = z.object({
  nativeName: z.string().min(1),
  /** What it applies to: '*' for everything the identity's tenant holds, otherwise a resource name/ARN/repo. */
  resource: z.string().default('*'),
  access: AccessLevel,
  sensitivity: Sensitivity.default('medium'),
  /** Holding this permission lets the identity make itself (or anyone) a tenant administrator. */
  pathToAdmin: z.boolean().default(false),
  /** Where the grant came from, e.g. "installation.permissions", "appRoleAssignment", "managed policy". */
  source: z.string().default(''),
  lastUsedAt: NullableTimestamp.default(null),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Permission = z.infer<typeof Permission>;
export type PermissionInput = z.input<typeof Permission>;

export const OWNER_SOURCES = [
  'explicit_owner',
  'creator',
  'installer',
  'consenting_user',
  'tag',
  'repo_admin',
  'codeowners',
  'audit_log',
  'manual',
] as const;
export const OwnerSource = z.enum(OWNER_SOURCES);
export type OwnerSource = z.infer<typeof OwnerSource>;

/**
 * A connector's raw statement about who might own an identity ("added_by: jdoe"). Ownership resolution later joins
 * the reference to a Person and picks an owner; connectors only report what the vendor said.
 */
export const OwnerClaim = z.object({
  /** The reference as the vendor gives it. */
  ref: z.string().min(1),
  refType: z.enum(['email', 'login', 'native_user_id', 'team', 'person_id']),
  source: OwnerSource,
  confidence: z.number().min(0).max(1),
  evidence: z.string(),
});
export type OwnerClaim = z.infer<typeof OwnerClaim>;

export const Publisher = z.object({
  name: z.string().nullable(),
  verified: z.boolean(),
  domain: z.string().nullable().default(null),
});
export type Publisher = z.infer<typeof Publisher>;

/**
 * A field of an identity that another source fills (and that is kept from the store when that source did not
 * complete): 'lastUsedAt' (with lastUsedSource), 'credentials', 'permissions', 'ownerClaims', 'createdBy', or one
 * attribute 'attributes.<name>'.
 */
export const FillableField = z.union([
  z.enum(['lastUsedAt', 'credentials', 'permissions', 'ownerClaims', 'createdBy', 'enabled', 'interactive']),
  z.string().regex(/^attributes\.[A-Za-z0-9_]+$/),
]);
export type FillableField = z.infer<typeof FillableField>;

/** A field whose value is the last known one, because `source` did not answer for this identity in this run. */
export const StaleField = z.object({ field: FillableField, source: z.string().min(1) });
export type StaleField = z.infer<typeof StaleField>;

/** One non-human identity, as a connector reports it (credentials, permissions and owner claims embedded). */
export const Identity = z.object({
  id: z.string().min(1),
  platform: PlatformId,
  tenant: z.string().min(1),
  kind: IdentityKind,
  nativeType: z.string().min(1),
  nativeId: z.string().min(1),
  name: z.string(),
  createdAt: NullableTimestamp.default(null),
  createdBy: z.string().nullable().default(null),
  lastUsedAt: NullableTimestamp.default(null),
  lastUsedSource: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
  publisher: Publisher.nullable().default(null),
  /** Built and run by someone outside the organisation (a marketplace app, a multi-tenant SaaS). */
  thirdParty: z.boolean().default(false),
  /** Can be used interactively (console password, user sign-in) — an NHI that a human could log in as. */
  interactive: z.boolean().default(false),
  /** Environment label where the vendor exposes one (prod, staging), used by reuse rules. */
  environment: z.string().nullable().default(null),
  attributes: z.record(z.string(), z.unknown()).default({}),
  credentials: z.array(Credential).default([]),
  permissions: z.array(Permission).default([]),
  ownerClaims: z.array(OwnerClaim).default([]),
  /**
   * Fields this run could not read for this identity (a per-object call failed, or the source that fills them did
   * not complete). The store keeps their stored values; rules that could depend on them neither raise nor resolve.
   */
  stale: z.array(StaleField).default([]),
});
export type Identity = z.infer<typeof Identity>;
export type IdentityInput = z.input<typeof Identity>;
