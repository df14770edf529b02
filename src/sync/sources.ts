import type { FillableField, IdentityInput, SourceOutcome } from '../model/index.js';

/**
 * One vendor resource list a connector reads (docs/architecture.md, "Trustworthy scans"). The engine keeps one
 * outcome per source on every run, and sweeps only what complete sources would have listed.
 */
export interface SourceSpec {
  /** Stable kebab-case id, unique within the platform: 'org-secrets', 'sign-in-activity', 'credential-report'. */
  id: string;
  /** What it lists, in a few words: 'organization Actions secrets'. */
  title: string;
  /**
   * The calls it makes: 'METHOD /path/{param}' templates as the vendor documents them (GitHub, Graph: path after
   * the version segment), or 'service:Action' for query APIs (AWS: 'iam:ListUsers'). Emulator faults select by these.
   */
  endpoints: string[];
  /** The permission, scope or role that makes it readable, as the vendor names it (printed on 401/403/404). */
  permission: string;
  /** Required: the tenant means nothing without it (its failure fails the run). Optional: a failure makes it partial. */
  required: boolean;
  /** nativeTypes of identities it lists: an identity of these types goes gone only when every lister completed. */
  lists?: string[];
  /** Fields it fills on identities of these nativeTypes (listed by other sources): kept from the store when it did not complete. */
  fills?: { nativeTypes: string[]; fields: FillableField[] };
  /** Lists people (a people source): people of this platform's tenant are swept only when it completed. */
  people?: boolean;
}

/** What connectors call while scanning (ScanContext.sources). */
export interface SourceTracker {
  /**
   * Reads one source: calls `list` and records its outcome. A vendor refusal (401/403/404) marks it skipped, any
   * other error failed (after the client's own retries); a required source's failure is rethrown (the run fails),
   * an optional one's is swallowed and `false` returned. `signal` aborts at the source's deadline or on cancel.
   * Calling it twice for one source (several orgs, pages of a parent list) accumulates into one outcome.
   */
  read(sourceId: string, list: (signal: AbortSignal) => Promise<void>): Promise<boolean>;
  /**
   * A per-object call of a source failed (one repository's keys, one service principal's owners): that object's
   * part is missing, the rest continues. The source becomes partial, so nothing it lists is swept this run.
   * Rethrows what is not a vendor/network/timeout error (a store failure, a cancel).
   */
  objectFailed(sourceId: string, objectId: string, error: unknown): void;
  /**
   * Emits the identities transformed from one raw record. A transform that throws, or a record the sink rejects
   * (model or typed-facts validation), is quarantined with a redacted excerpt of `raw`; nothing of it is written.
   * Store errors propagate. Counts one item of the source.
   */
  emit(sourceId: string, raw: unknown, transform: () => IdentityInput | IdentityInput[] | null): Promise<void>;
  /** Counts items a source read that are not identities (people, fill lookups), for its outcome. */
  counted(sourceId: string, items?: number): void;
  /** The status so far: 'complete' only once `read` returned for it without error. */
  status(sourceId: string): SourceOutcome['status'];
  /**
   * The source is not read this run by design — the tenant's options switch it off (a costly per-object list the
   * user did not ask for), or the tenant has not enabled what it lists (AWS: no Access Analyzer analyzer): it stays
   * `not-run` with `reason` as its problem, and the fields it fills are not marked stale (the connector emits them
   * without its part), so a switched-off source is neither "answered empty" nor a reason to keep stored values.
   */
  switchedOff(sourceId: string, reason: string): void;
  /** Whether `switchedOff` was called for it in this run. */
  isSwitchedOff(sourceId: string): boolean;
}

/** The default share of one source's records that may be quarantined before the source counts as failed. */
export const DEFAULT_QUARANTINE_SHARE = 0.05;
/** Per-object problems kept in a run record per source (all are counted). */
export const MAX_OBJECT_PROBLEMS = 20;
