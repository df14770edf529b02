import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

const AppAuth = z
  .object({
    appId: z
      .union([z.number().int().positive(), z.string().regex(/^\d+$/, 'appId must be the numeric GitHub App id')])
      .transform(Number),
    installationId: z
      .union([z.number().int().positive(), z.string().regex(/^\d+$/, 'installationId must be numeric')])
      .transform(Number),
    /** PEM of the App's private key (secret reference). */
    privateKey: SecretRef,
  })
  .strict();

/** `tenants[].options` for platform github. Auth: exactly one of `token` or `app`. */
export const GitHubOptions = z
  .object({
    /** Organization login; defaults to the tenant name. */
    org: z.string().min(1).optional(),
    /** REST base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
    baseUrl: z.string().url().default('https://api.github.com'),
    /** A classic PAT (org owner, scopes read:org admin:org admin:org_hook repo) or fine-grained token. */
    token: SecretRef.optional(),
    /** GitHub App installation auth (recommended: needed to see fine-grained PAT grants and requests). */
    app: AppAuth.optional(),
    /** Repositories whose deploy keys, secrets and hooks are fetched at the same time. */
    repoConcurrency: z.number().int().min(1).max(64).default(16),
    /**
     * Requests in flight at once. GitHub documents a secondary
     * limit of 100 concurrent requests shared by REST and GraphQL; 32 leaves room for other clients of the same token.
     */
    maxConcurrentRequests: z.number().int().min(1).max(100).default(32),
    /**
     * Split the org into this many + 1 jobs, so that several workers (`scan --queue`) or threads (`scan --threads N`)
     * scan it at once: one for the org-level lists, and `partitions` for the repositories (each repository, by a
     * stable hash of its id, in exactly one). 1 = always one job. Unset: one job in a queued scan, and as many
     * repository parts as threads in a local scan on several threads. docs/scale.md §4a, §5.
     */
    partitions: z.number().int().min(1).max(256).optional(),
    /**
     * Milliseconds one HTTP request (one attempt) may take, answer body included, before it fails as a timeout
     * (not retried: a vendor that stalled once usually stalls again; the source records it).
     */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Retries of a failed request (5xx, network) and of a rate-limited request before the scan fails. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    /**
     * Milliseconds per second of a server-requested wait (Retry-After, x-ratelimit-reset) and of the retry back-off.
     * Leave at 1000 against GitHub; emulator-backed tests lower it.
     */
    backoffUnitMs: z.number().int().min(0).max(1000).default(1000),
    /**
     * Ask "changed since?" with each GET's stored ETag (If-None-Match). GitHub answers 304 for an unchanged page and
     * does not count it against the rate limit, so an unchanged re-scan costs almost no quota. The page is then read
     * from the store's HTTP cache (bodies kept with secrets redacted). docs/scale.md §7.
     */
    conditionalRequests: z.boolean().default(true),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.token === !o.app) {
      ctx.addIssue({
        code: 'custom',
        message: 'set exactly one of `token` (a secret reference) or `app: { appId, installationId, privateKey }`',
      });
    }
  });
export type GitHubOptions = z.output<typeof GitHubOptions>;
export type GitHubOptionsInput = z.input<typeof GitHubOptions>;
