import { z } from 'zod';

/**
 * succeeded: every source complete. partial: some optional source skipped or failed, or some objects of a source
 * could not be read (what they would have listed is kept as stored). failed: a required source failed (nothing
 * swept). interrupted: the process was stopped (signal, kill -9: marked at the next start) or the scan cancelled.
 */
export const SYNC_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export const SyncStatus = z.enum(SYNC_STATUSES);
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncCounts = z.object({
  identities: z.number().int().default(0),
  credentials: z.number().int().default(0),
  permissions: z.number().int().default(0),
  people: z.number().int().default(0),
  edges: z.number().int().default(0),
  /** Identities that went gone in this run (a complete source no longer lists them; kept with gone-at). */
  removed: z.number().int().default(0),
  /** Identities seen for the first time in this run. */
  appeared: z.number().int().default(0),
  /** Records quarantined (failed validation or their transform); never written. */
  quarantined: z.number().int().default(0),
});
export type SyncCounts = z.infer<typeof SyncCounts>;

/**
 * complete: listed whole. partial: listed, but some objects' parts could not be read (recorded in `objects`).
 * skipped: the vendor refused (no permission, not licensed, not found: 401/403/404). failed: after retries
 * (5xx, network, timeout, deadline, malformed body, too many quarantined records). not-run: the run ended first.
 */
export const SOURCE_STATUSES = ['complete', 'partial', 'skipped', 'failed', 'not-run'] as const;
export const SourceStatus = z.enum(SOURCE_STATUSES);
export type SourceStatus = z.infer<typeof SourceStatus>;

/** Why one call of a source did not answer: which endpoint, what the vendor said, and what would fix it. */
export const SourceProblem = z.object({
  /** Method + endpoint template, e.g. "GET /orgs/{org}/personal-access-tokens" or "iam:GenerateCredentialReport". */
  endpoint: z.string().nullable().default(null),
  /** 'http': the vendor answered an error; 'network': DNS, refused, reset, TLS; 'timeout'; 'malformed': bad body. */
  kind: z.enum(['http', 'network', 'timeout', 'malformed', 'invalid-record', 'other']),
  httpStatus: z.number().int().nullable().default(null),
  /** The vendor's error code (GitHub message, Graph error.code, AWS error Code) when it gave one. */
  vendorCode: z.string().nullable().default(null),
  message: z.string(),
  /** The permission or scope to grant (from the source's declaration), for 401/403/404. */
  permission: z.string().nullable().default(null),
  /** The object whose part could not be read (per-object problems). */
  objectId: z.string().nullable().default(null),
});
export type SourceProblem = z.infer<typeof SourceProblem>;

export const SourceOutcome = z.object({
  source: z.string(),
  required: z.boolean(),
  status: SourceStatus,
  /** Records the source produced (identities, people, or objects it filled). */
  items: z.number().int().default(0),
  /** Why it was skipped or failed (status skipped/failed). */
  problem: SourceProblem.nullable().default(null),
  /**
   * Objects whose part could not be read and records quarantined (kind 'invalid-record'), status partial; at most 20
   * are kept, `objectsFailed` and `quarantined` count all.
   */
  objects: z.array(SourceProblem).default([]),
  objectsFailed: z.number().int().default(0),
  quarantined: z.number().int().default(0),
});
export type SourceOutcome = z.infer<typeof SourceOutcome>;

export const SyncRun = z.object({
  id: z.string(),
  platform: z.string(),
  tenant: z.string(),
  /**
   * The sub-scope of the tenant this run covered when a queued scan split it (e.g. GitHub `org`, `repos:2/4`);
   * absent or null = the whole tenant. See docs/scale.md §5.
   */
  scope: z.string().nullable().optional(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: SyncStatus,
  /** 'full' lists everything (cleanup allowed after success); 'incremental' applies vendor deltas only. */
  mode: z.enum(['full', 'incremental']),
  counts: SyncCounts,
  apiCalls: z.number().int(),
  /** Of `apiCalls`, requests answered 304 Not Modified (a conditional request; GitHub does not count them against the rate limit). */
  notModified: z.number().int().optional(),
  pages: z.number().int(),
  retries: z.number().int(),
  errors: z.array(z.string()),
  /** One outcome per source the connector declares, in declaration order. Empty for runs before sources existed. */
  sources: z.array(SourceOutcome).default([]),
});
export type SyncRun = z.infer<typeof SyncRun>;
