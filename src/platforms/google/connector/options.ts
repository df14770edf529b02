import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/**
 * `tenants[].options` for platform google. One tenant = one Workspace customer (its users, their third-party OAuth
 * grants, its Reports) plus the Google Cloud projects named here (or every project the credential can see).
 *
 * Credentials (docs/connectors/google.md, "Credentials"): either `credentials`, a service-account key JSON as a
 * secret reference, or nothing, in which case Application Default Credentials are used — on GKE/Cloud Run the
 * attached service account, elsewhere a workload identity federation config (GOOGLE_APPLICATION_CREDENTIALS naming
 * an external_account JSON), so Steward itself needs no long-lived key. Workspace APIs are called as `subject` (an
 * admin) through domain-wide delegation of the service account Steward runs as.
 */
export const GoogleOptions = z
  .object({
    /** Workspace customer: `my_customer` (the subject's own) or the customer id (C0…). */
    customer: z.string().min(1).default('my_customer'),
    /** The primary domain (shown in names and docs; the customer id decides what is listed). */
    domain: z.string().min(1).optional(),
    /** The Workspace admin to impersonate (domain-wide delegation); required for the Workspace sources. */
    subject: z.string().email().optional(),
    /** A service-account key JSON as { env } or { file } (omit for ADC / workload identity federation). */
    credentials: SecretRef.optional(),
    /**
     * An access token as a secret reference, used as is (no token fetch): for tests against the emulator and for
     * short runs with a token minted elsewhere (`gcloud auth print-access-token`).
     */
    accessToken: SecretRef.optional(),
    /** One root URL for every Google API (the emulator's `http://127.0.0.1:PORT/`); unset = each API's own host. */
    rootUrl: z.string().url().optional(),
    /** Read the Workspace sources (users, tokens, Reports). false: a Cloud-only tenant. */
    workspace: z.boolean().default(true),
    /** Google Cloud projects to read (ids); unset = every ACTIVE project the credential can see. */
    projects: z.array(z.string().min(1)).optional(),
    /** Read the Google Cloud sources (service accounts, keys, IAM policies, workload identity). */
    cloud: z.boolean().default(true),
    /**
     * Read Policy Analyzer last-authentication activities (needs roles/policyanalyzer.activityAnalysisViewer).
     * false: key and account usage are unknown (switched off, not stale, so key lists keep updating without the role).
     */
    policyAnalyzer: z.boolean().default(true),
    /** users.list page size (Directory API: at most 500). */
    usersPageSize: z.number().int().min(1).max(500).default(500),
    /** Reports activities.list page size (at most 1,000). */
    reportsPageSize: z.number().int().min(1).max(1000).default(1000),
    /** tokens.list calls in flight at once (one per user; the Directory API counts queries per minute per user). */
    concurrency: z.number().int().min(1).max(32).default(8),
    /**
     * Reports data arrive hours late: each incremental read starts this many hours before the last event seen, and
     * events already seen are dropped by id.uniqueQualifier.
     */
    reportsOverlapHours: z
      .number()
      .min(0)
      .max(24 * 7)
      .default(6),
    /** How far back the first Reports read goes (Google keeps token and admin events for 6 months). */
    reportsLookbackDays: z.number().int().min(1).max(180).default(180),
    /** Milliseconds one HTTP attempt may take before it fails as a timeout. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Retries of a rate-limited (429, 403 rate-limit reasons) or 5xx answer, with exponential backoff and jitter. */
    maxRetries: z.number().int().min(0).max(10).default(4),
    /** First backoff in milliseconds (doubled per retry, with jitter). */
    retryBaseMs: z.number().int().min(0).max(60_000).default(1000),
  })
  .strict();
export type GoogleOptions = z.output<typeof GoogleOptions>;
export type GoogleOptionsInput = z.input<typeof GoogleOptions>;
