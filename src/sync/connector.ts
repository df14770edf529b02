import type { z } from 'zod';
import type {
  EdgeInput,
  IdentityInput,
  PersonInput,
  PlatformFacts,
  PlatformId,
  SourceProblem,
} from '../model/index.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { CachedResponse } from '../store/http-cache.js';
import type { SourceSpec, SourceTracker } from './sources.js';

/** Where a connector sends what it found. Each call may wait (back-pressure) while the store writes a batch. */
export interface RecordSink {
  identity(identity: IdentityInput): Promise<void>;
  person(person: PersonInput): Promise<void>;
  edge(edge: EdgeInput): Promise<void>;
  /** Incremental runs only: the vendor reported this identity deleted. */
  remove(identityId: string): Promise<void>;
}

/** Counters the sync run records. Connectors call these from their SDK's request hooks. */
export interface ScanMetrics {
  apiCall(endpoint?: string): void;
  /** A request answered 304 Not Modified (already counted by `apiCall`); only connectors that cache call it. */
  notModified?(): void;
  page(): void;
  retry(reason?: string): void;
}

/** A GET's last answer with its validator, for conditional requests (docs/scale.md §7). */
export type { CachedResponse };

/**
 * The tenant's HTTP cache, kept across runs. `put` stores the body redacted (the connector's secret fields and every
 * token-shaped string), so a connector may cache only answers its transforms read the same way redacted or not.
 */
export interface HttpCache {
  get(url: string): Promise<CachedResponse | undefined>;
  put(url: string, response: CachedResponse): Promise<void>;
}

/** Per-tenant key/value state (delta links). Reads see the last successful run's values; writes commit on success. */
export interface ConnectorState {
  get(key: string): string | undefined;
  set(key: string, value: string | null): void;
}

export interface ScanContext<Options> {
  platform: PlatformId;
  tenant: string;
  /**
   * The sub-scope of the tenant to scan — one of `Connector.scopes(options, splitInto)` — when a queued scan or a
   * local scan on several threads split the tenant into several jobs; null = the whole tenant. A scoped scan must
   * emit exactly the records of its scope (no record in two scopes), list them completely, and return 'full': the
   * engine then sweeps only rows of that scope.
   */
  scope: string | null;
  /** The part count a local threaded scan asked for (`TenantJob.splitInto`); null = the options' own choice. */
  splitInto?: number | null;
  /** Tenant options, already validated with the connector's optionsSchema (secrets resolved, never logged). */
  options: Options;
  sink: RecordSink;
  /**
   * Every list the connector reads goes through `sources.read(id, ...)`, every per-object call that may fail alone
   * through `sources.objectFailed`, and every raw record through `sources.emit` (quarantine), so each run records
   * per-source outcomes and sweeps only what complete sources would have listed (src/sync/sources.ts).
   */
  sources: SourceTracker;
  metrics: ScanMetrics;
  state: ConnectorState;
  /** The tenant's HTTP cache for conditional requests; absent (a context built by hand) = no conditional requests. */
  httpCache?: HttpCache;
  /** Keep a raw vendor page for offline replay (no-op unless `--keep-raw DIR`). */
  keepRaw(resource: string, page: unknown): void;
  log: Logger;
  clock: Clock;
  signal: AbortSignal;
}

export interface ScanResult {
  /**
   * 'full': every source was read — the engine marks gone what complete sources no longer list.
   * 'incremental': only changes were applied (deletions come through sink.remove); nothing is swept.
   */
  mode: 'full' | 'incremental';
}

/**
 * One platform's discovery. Lives in src/platforms/<id>/connector/ and is reached through the platform's registry
 * entry (src/platforms/registry.ts).
 * `scan` lists raw objects through the vendor's official SDK and sends normalized records produced by pure
 * transforms to the sink, reading each of its declared `sources` through `ctx.sources` (never swallowing a failed
 * list itself: the tracker records it, so nothing that source would have listed is swept).
 */
export interface Connector<Options = unknown> {
  platform: PlatformId;
  title: string;
  /**
   * The typed attributes of every nativeType it emits (src/model/facts.ts). The sync engine validates each record
   * against them at the sink, and the platform's rules read the inferred types.
   */
  facts: PlatformFacts;
  /**
   * Every vendor resource list it reads, with endpoints, the permission each needs, and what it lists or fills.
   * Every nativeType of `facts` is listed by at least one source (checked by a test).
   */
  sources: readonly SourceSpec[];
  /**
   * Field names whose values are secrets in this vendor's raw payloads (Entra `secretText`, a private key): removed
   * from raw pages kept with `--keep-raw` and from quarantine excerpts, on top of generic token patterns.
   */
  secretFields: readonly string[];
  /** zod schema of `tenants[].options` in steward.yaml (secret references already resolved to strings). */
  optionsSchema: z.ZodType<Options>;
  /**
   * Optional: how a very large tenant splits into sub-scopes that are scanned as separate jobs (`scan --queue`,
   * possibly on different machines, docs/scale.md §5; a local `scan` on several threads, §4a). The scopes must
   * partition the tenant's records, and the partition must be stable (a record stays in its scope when others come
   * and go). undefined, or fewer than two scopes, = not split. `splitInto`: the part count a local threaded scan
   * proposes; options that choose their own split (or choose none) win over it.
   */
  scopes?(options: Options, splitInto?: number): string[] | undefined;
  /**
   * Optional, with `scopes`: the share (0..1) of a whole tenant's scan time one scope takes, for the start order of
   * a first scan (no run history yet; docs/scale.md §4a). Default: an equal share per scope.
   */
  scopeShare?(scope: string): number;
  /**
   * Optional: a tenant that stands for several (an AWS organization's management account): lists the member tenants
   * to scan as jobs of their own (`expandJobs`, src/sync/expand.ts). null = this tenant is not expanded (its options
   * ask for no members). Called before any run is recorded; the listing's outcome is recorded in the tenant's own run
   * as the outcome of `listing.source`.
   */
  expandTenant?(options: Options, ctx: ExpandContext): Promise<TenantExpansion | null>;
  /**
   * With expandTenant: the unvalidated options of one member tenant's job, derived from the expanded tenant's options
   * alone (`raw` as in steward.yaml, secret references unresolved; `parsed` validated), never from a vendor answer:
   * a queue worker rebuilds a member job the same way from its own steward.yaml, with no secret in the queue.
   */
  memberOptions?(raw: unknown, parsed: Options, memberTenant: string): unknown;
  scan(ctx: ScanContext<Options>): Promise<ScanResult>;
}

export interface ExpandContext {
  tenant: string;
  log: Logger;
  signal: AbortSignal;
}

/** How the member list was read: recorded in the expanded tenant's own run as the outcome of `source`. */
export interface MemberListing {
  /** The declared source of the expanded tenant's connector that stands for the listing. */
  source: string;
  status: 'complete' | 'skipped' | 'failed';
  /** Members the listing returned (all states). */
  items: number;
  problem: SourceProblem | null;
}

export interface TenantExpansion {
  /** Member tenants to scan, each as its own job with `memberOptions` (never the expanded tenant itself). */
  members: string[];
  listing: MemberListing;
  /** Member runs of this tenant at the same time, at most. */
  concurrency: number;
}

/** Erases the options type for the registry. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every options type
export type AnyConnector = Connector<any>;
