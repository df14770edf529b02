import type { ColumnType } from 'kysely';

/**
 * Table types. Portable across SQLite and PostgreSQL: timestamps are ISO-8601 text (sorts correctly),
 * booleans are 0/1 integers, structured values are JSON text.
 */
export interface IdentitiesTable {
  id: string;
  platform: string;
  tenant: string;
  kind: string;
  native_type: string;
  native_id: string;
  name: string;
  created_at: string | null;
  created_by: string | null;
  last_used_at: string | null;
  last_used_source: string | null;
  enabled: number;
  publisher_name: string | null;
  publisher_verified: number | null;
  publisher_domain: string | null;
  third_party: number;
  interactive: number;
  environment: string | null;
  attributes: string;
  owner_claims: string;
  first_seen: string;
  last_seen: string;
  sync_run_id: string;
  /** When a complete source stopped listing it (005); null while it exists. */
  gone_at: string | null;
  /** The run that found it gone (005). */
  gone_run_id: string | null;
  /** JSON array of { field, source } whose values are kept from an earlier run (005). */
  stale: string;
  /** Hash of everything a scan wrote about it, credentials and permissions included (014); null = not known. */
  content_hash: string | null;
}

export interface CredentialsTable {
  id: string;
  identity_id: string;
  platform: string;
  tenant: string;
  type: string;
  name: string | null;
  created_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  last_used_source: string | null;
  fingerprint: string | null;
  enabled: number;
  attributes: string;
  sync_run_id: string;
}

export interface PermissionsTable {
  identity_id: string;
  ordinal: number;
  platform: string;
  tenant: string;
  native_name: string;
  resource: string;
  access: string;
  sensitivity: string;
  path_to_admin: number;
  source: string;
  last_used_at: string | null;
  attributes: string;
  sync_run_id: string;
}

export interface PeopleTable {
  id: string;
  source: string;
  tenant: string;
  native_id: string;
  email: string | null;
  name: string | null;
  login: string | null;
  status: string;
  departed_at: string | null;
  manager_email: string | null;
  team: string | null;
  department: string | null;
  attributes: string;
  first_seen: string;
  last_seen: string;
  sync_run_id: string;
}

export interface EdgesTable {
  from_id: string;
  to_id: string;
  kind: string;
  platform: string;
  tenant: string;
  attributes: string;
  sync_run_id: string;
}

export interface SyncRunsTable {
  id: string;
  platform: string;
  tenant: string;
  /** The run's sub-scope of the tenant, '' = the whole tenant (004). */
  scope: ColumnType<string, string | undefined, string>;
  started_at: string;
  finished_at: string | null;
  status: string;
  mode: string;
  counts: string;
  api_calls: number;
  pages: number;
  retries: number;
  errors: string;
  /** JSON array of SourceOutcome (005). */
  sources: string;
  /** Requests answered 304 Not Modified from the HTTP cache (014). */
  not_modified: ColumnType<number, number | undefined, number>;
}

/** The last answer of a GET that carried an ETag, secrets redacted (014, src/store/http-cache.ts). */
export interface HttpCacheTable {
  platform: string;
  tenant: string;
  url: string;
  etag: string;
  /** JSON object of the response headers kept (pagination). */
  headers: string;
  /** The response body as JSON. */
  body: string;
  stored_at: string;
}

export interface ConnectorStateTable {
  platform: string;
  tenant: string;
  key: string;
  value: string;
  updated_at: string;
}

export interface FindingsTable {
  id: string;
  rule_id: string;
  identity_id: string;
  platform: string;
  tenant: string;
  severity: string;
  title: string;
  message: string;
  evidence: string;
  status: string;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  suppressed_reason: string | null;
  suppressed_by: string | null;
  suppressed_until: string | null;
  /** Why it was resolved: 'no longer true', 'identity gone' (005). */
  resolved_reason: string | null;
  /** When it was suppressed (007); null for suppressions recorded before it. */
  suppressed_at?: string | null;
}

export interface OwnershipTable {
  identity_id: string;
  /** Person id of the chosen owner (null when the owner is a team or there is none). */
  owner_person_id: string | null;
  owner_email: string | null;
  owner_team: string | null;
  source: string | null;
  confidence: number | null;
  /** JSON array of every candidate with source, confidence and evidence. */
  candidates: string;
  computed_at: string;
  /** Effective status of the chosen owner across people sources (active / departed / disabled), null if unknown. (003) */
  owner_status: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 when nobody current owns the identity (no owner, or the owner departed / is disabled). (003) */
  orphan: ColumnType<number, number | undefined, number>;
  /** no_owner | owner_departed | owner_disabled (003) */
  orphan_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Suggested new owner for an orphan; never applied automatically. (003) */
  suggested_email: ColumnType<string | null, string | null | undefined, string | null>;
  suggested_team: ColumnType<string | null, string | null | undefined, string | null>;
  suggestion_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OwnerAssignmentsTable {
  identity_id: string;
  owner_email: string | null;
  owner_team: string | null;
  assigned_by: string;
  assigned_at: string;
  note: string | null;
}

export interface RiskScoresTable {
  identity_id: string;
  platform: string;
  tenant: string;
  /** 0-100: the sum of the parts below (each capped), see src/engine/risk/score.ts. */
  score: number;
  privilege: number;
  exposure: number;
  staleness: number;
  ownership: number;
  third_party: number;
  /** One-line human explanation of the parts. */
  explanation: string;
  /** JSON array of { factor, points, max, reasons[] }. */
  parts: string;
  computed_at: string;
  /** (006) reach × privilege × credential age × usage, 1-256: the "fix first" order after open severity. */
  fix_exposure: ColumnType<number, number | undefined, number>;
  /** (006) JSON { reach, privilege, credentialAge, usage }: the factors of fix_exposure. */
  fix_factors: ColumnType<string, string | undefined, string>;
  /**
   * (016) Rank of the most severe open (or reopened) finding: 4 critical … 0 info, -1 none. The "fix first" order's
   * first key, kept by the risk step and every triage write.
   */
  open_rank: ColumnType<number, number | undefined, number>;
}

/**
 * (004) The sub-scope of its tenant whose run wrote an inventory row: '' = an unsplit run of the whole tenant,
 * else e.g. GitHub `org` or `repos:2/4` (a queued scan of a split tenant). A complete scoped run sweeps only its own
 * scope; see store/inventory-writer.ts and docs/scale.md §5. Kept off the row interfaces above, which describe what
 * a record maps to; the row builders (rows.ts, `Scoped<T>`) add it.
 */
export interface ScopeColumn {
  scope: ColumnType<string, string | undefined, string>;
}

/** A record that failed validation or its transform, with a redacted excerpt; never written to the inventory (005). */
export interface QuarantineTable {
  run_id: string;
  ordinal: number;
  platform: string;
  tenant: string;
  source: string;
  native_id: string | null;
  reason: string;
  excerpt: string;
  at: string;
}

/** A local scan's hold on one tenant (SQLite stores; PostgreSQL uses advisory locks) (005). */
export interface ScanLocksTable {
  platform: string;
  tenant: string;
  /** '' = the whole tenant, held exclusively; else one sub-scope, held exclusively with the tenant shared (015). */
  scope: string;
  run_id: string;
  host: string;
  pid: number;
  acquired_at: string;
}

/** An index a scan dropped to load an empty table, and how to build it again (017, src/store/deferred-indexes.ts). */
export interface DeferredIndexesTable {
  name: string;
  /** The engine's own CREATE INDEX statement, read from its catalogue when the index was dropped. */
  definition: string;
}

/** An API token of `steward serve` (007): only a scrypt hash of its secret part is kept. */
export interface ApiTokensTable {
  id: string;
  name: string;
  /** viewer | analyst | admin */
  role: string;
  /** base64 scrypt of the secret part. */
  hash: string;
  salt: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** One write made through the API (007). */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_token_id: string | null;
  actor_name: string;
  action: string;
  target: string;
  /** JSON object. */
  detail: string;
  /** (009) Position in the hash chain (1, 2, …); null only before migration 009 chained the row. */
  seq: ColumnType<number | null, number, never>;
  /** (009) The previous row's hash ('' for the first row). */
  prev_hash: ColumnType<string | null, string, never>;
  /** (009) sha256 over the row's canonical JSON, prev_hash included (src/store/audit-chain.ts). */
  hash: ColumnType<string | null, string, never>;
}

/** A remediation plan (009): its items and their API calls are `content`, whose sha256 approvals sign. */
export interface RemediationPlansTable {
  id: string;
  created_at: string;
  created_by: string;
  /** JSON: what the plan was made from (finding, rule, filter, vendor). */
  origin: string;
  /** Canonical JSON of the plan's content (items with action, target, calls, before/after, dependency check). */
  content: string;
  content_hash: string;
  /** planned | approved | applying | applied | rolled-back */
  status: string;
}

/** Where each item of a plan stands (009); its content stays in the plan (so approvals cover it). */
export interface RemediationItemsTable {
  plan_id: string;
  ordinal: number;
  /** pending | blocked | done | failed | verified | verify-failed | rolled-back | rollback-failed | no-inverse */
  state: string;
  outcome: string | null;
  applied_at: string | null;
  verified_at: string | null;
  rolled_back_at: string | null;
}

/** An approval of a plan's content hash (009): signed (CLI, Ed25519) or by an API token's identity. */
export interface RemediationApprovalsTable {
  plan_id: string;
  approver: string;
  content_hash: string;
  /** signature | api-token */
  method: string;
  /** base64 Ed25519 signature over the content hash (method signature). */
  signature: string | null;
  at: string;
}

/** Someone whose signed approvals count (009): their Ed25519 public key (PEM, SPKI). */
export interface ApproversTable {
  name: string;
  public_key: string;
  added_at: string;
  added_by: string;
  removed_at: string | null;
}

/** (008) The de-duplication key of an imported event: 64-bit hash of (platform, vendor event id), and its time (ms). */
export interface ActivityEventKeysTable {
  k: bigint | number | string;
  time: number;
}

/** (008) A batch of normalized events (src/monitoring/event.ts): gzip of JSON lines, raw-free. */
export interface ActivityEventBatchesTable {
  id: ColumnType<number, number | undefined, never>;
  platform: string;
  first_time: string;
  last_time: string;
  count: number;
  events: Buffer;
}

/** A detection (008): a finding's sibling raised by activity, with its events' ids as evidence. */
export interface ActivityDetectionsTable {
  id: string;
  rule_id: string;
  platform: string;
  tenant: string;
  identity_id: string | null;
  actor: string;
  subject: string;
  severity: string;
  title: string;
  message: string;
  /** JSON array of the first event ids (capped). */
  event_ids: string;
  event_count: number;
  first_event_at: string;
  last_event_at: string;
  detected_at: string;
  status: string;
}

/** One actor's activity baseline (008): JSON of src/monitoring/baseline.ts. */
export interface ActivityBaselinesTable {
  actor_key: string;
  platform: string;
  identity_id: string | null;
  data: string;
  updated_at: string;
}

/** (012) An access-review campaign over a scope (docs/reviews.md). */
export interface ReviewCampaignsTable {
  id: string;
  name: string;
  /** JSON: the scope it was started with (platform, tenant, rule, vendor, owner team, text). */
  scope: string;
  created_at: string;
  created_by: string;
  deadline: string;
  fallback_reviewer: string | null;
  /** JSON array of the people who may attest any task (besides API admins). */
  admins: string;
  /** open | closed */
  status: string;
  closed_at: string | null;
  closed_by: string | null;
  /** JSON: what closing produced (remediation plan id, reassignments, identities without an action). */
  results: string | null;
}

/** (012) One identity to review in a campaign, its assignee and decision. */
export interface ReviewTasksTable {
  campaign_id: string;
  identity_id: string;
  identity_name: string;
  platform: string;
  tenant: string;
  /** The attributed owner when the campaign started (e-mail, team or login); null for an orphan. */
  owner: string | null;
  assignee: string;
  /** owner | team | fallback */
  assignee_kind: string;
  orphan_reason: string | null;
  /** keep | revoke | reassign; null while undecided */
  decision: string | null;
  reassign_to: string | null;
  reason: string | null;
  attested_by: string | null;
  attested_at: string | null;
  reminded_at: string | null;
  escalated_to: string | null;
  escalated_at: string | null;
}

/** (012) A rotation/expiry campaign: credentials older than a window or expiring soon. */
export interface RotationCampaignsTable {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
  /** JSON: olderThanDays, expiringWithinDays, platform, tenant. */
  criteria: string;
  status: string;
}

/** (012) One credential of a rotation campaign and its progress across scans. */
export interface RotationItemsTable {
  campaign_id: string;
  credential_id: string;
  identity_id: string;
  platform: string;
  tenant: string;
  label: string;
  owner: string | null;
  /** old | expiring | old+expiring */
  why: string;
  created: string | null;
  expires: string | null;
  /** open | done | unknown */
  state: string;
  detail: string | null;
  checked_at: string | null;
  done_at: string | null;
}

export interface Database {
  identities: IdentitiesTable & ScopeColumn;
  credentials: CredentialsTable & ScopeColumn;
  permissions: PermissionsTable & ScopeColumn;
  people: PeopleTable & ScopeColumn;
  edges: EdgesTable & ScopeColumn;
  sync_runs: SyncRunsTable;
  connector_state: ConnectorStateTable;
  http_cache: HttpCacheTable;
  findings: FindingsTable;
  ownership: OwnershipTable;
  owner_assignments: OwnerAssignmentsTable;
  risk_scores: RiskScoresTable;
  quarantine: QuarantineTable;
  scan_locks: ScanLocksTable;
  deferred_indexes: DeferredIndexesTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  remediation_plans: RemediationPlansTable;
  remediation_items: RemediationItemsTable;
  remediation_approvals: RemediationApprovalsTable;
  approvers: ApproversTable;
  activity_event_keys: ActivityEventKeysTable;
  activity_event_batches: ActivityEventBatchesTable;
  activity_detections: ActivityDetectionsTable;
  activity_baselines: ActivityBaselinesTable;
  review_campaigns: ReviewCampaignsTable;
  review_tasks: ReviewTasksTable;
  rotation_campaigns: RotationCampaignsTable;
  rotation_items: RotationItemsTable;
}
