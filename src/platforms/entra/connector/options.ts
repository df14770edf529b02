import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/**
 * `tenants[].options` for platform `entra`. Real tenants: tenantId + clientId + clientSecret (client credentials,
 * application permissions Application.Read.All, Directory.Read.All, AuditLog.Read.All). The emulator: a static
 * bearer `token` plus its base URL and self-signed certificate.
 */
export const EntraOptions = z
  .object({
    /** Directory (tenant) id GUID (or the initial domain); decides which apps are "ours" (appOwnerOrganizationId). */
    tenantId: z.string().min(1),
    clientId: z.string().min(1).optional(),
    clientSecret: SecretRef.optional(),
    /** A pre-issued bearer token (emulator, or a token you obtained yourself). */
    token: SecretRef.optional(),
    authorityHost: z.string().url().default('https://login.microsoftonline.com'),
    graphBaseUrl: z.string().url().default('https://graph.microsoft.com'),
    /** PEM of an extra CA to trust for Graph and the authority (an emulator's self-signed certificate). */
    caCertificate: z.string().includes('BEGIN CERTIFICATE').optional(),
    pageSize: z.number().int().min(1).max(999).default(999),
    /** Parallel per-object requests (owners, app role assignments, federated credentials). */
    concurrency: z.number().int().min(1).max(32).default(8),
    maxRetries: z.number().int().min(0).max(10).default(5),
    /** Seconds to wait before retrying a 429/503 without Retry-After (the SDK's exponential base). */
    retryDelaySeconds: z.number().min(0).max(180).default(3),
    /** Milliseconds one HTTP request (Graph or the token endpoint) may take before it fails as a timeout. */
    requestTimeoutMs: z.number().int().min(1).default(30_000),
    /**
     * Delta scans never refresh sign-in activity (it has no delta); a full scan runs when the last one is older
     * than this many hours. 0 = every scan is full.
     */
    fullScanEveryHours: z.number().min(0).default(24),
    /**
     * Graph beta endpoints, each off unless asked for (beta APIs may change without notice; docs/connectors/entra.md
     * "Beta endpoints"). `credentialSignInActivity`: last use per secret/certificate (reports/appCredentialSignInActivities).
     */
    beta: z
      .object({ credentialSignInActivity: z.boolean().default(false) })
      .strict()
      .default({ credentialSignInActivity: false }),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.token && !(o.clientId && o.clientSecret)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'set either token: {env|file} or clientId plus clientSecret: {env|file} (client-credentials app registration)',
      });
    }
  });
export type EntraOptions = z.infer<typeof EntraOptions>;
