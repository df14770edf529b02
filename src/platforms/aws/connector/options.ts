import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/**
 * `tenants[].options` for platform aws. The tenant id is the 12-digit account id (checked against what the
 * credentials open). Credentials: explicit accessKeyId + secretAccessKey (a { env } / { file } reference), or the
 * AWS SDK default chain (environment, shared config/`profile` incl. role_arn/source_profile, SSO, IMDS/ECS).
 */
export const AwsOptions = z
  .object({
    /** Override the IAM endpoint (emulator, VPC endpoint). Default: the SDK's (iam.amazonaws.com). */
    endpoint: z.string().url().optional(),
    region: z.string().min(1).default('us-east-1'),
    accessKeyId: z.string().min(16).optional(),
    secretAccessKey: SecretRef.optional(),
    sessionToken: SecretRef.optional(),
    /** A shared-config profile for the default chain (it may assume a role via role_arn). */
    profile: z.string().min(1).optional(),
    /** Milliseconds one HTTP request (connect, send, answer) may take before it fails as a timeout. */
    requestTimeoutMs: z.number().int().min(1).default(30_000),
    /** SDK attempts per request for IAM throttling (network errors, timeouts and 5xx get 3 at most). */
    maxAttempts: z.number().int().min(1).max(20).default(8),
    /** Concurrent ListAccessKeys calls. */
    concurrency: z.number().int().min(1).max(32).default(8),
    /** How long to wait for a credential report that is being generated. */
    reportWaitSeconds: z.number().min(0).max(900).default(120),
    /**
     * Read each NHI user's SSH public keys (ListSSHPublicKeys) and signing certificates (ListSigningCertificates).
     * Off by default: IAM lists them only per user, one call per NHI user (it about doubles the IAM calls of the demo estate);
     * when off, the sources `ssh-keys` and `signing-certificates` are reported not-run ("switched off").
     */
    userKeyLists: z.boolean().default(false),
    /**
     * Ask IAM when each NHI user and role last used each service it is allowed (GenerateServiceLastAccessedDetails +
     * GetServiceLastAccessedDetails, a job per principal). Off by default: at least two IAM calls per principal; when
     * off, the source `service-last-accessed` is reported not-run ("switched off").
     */
    serviceLastAccessed: z.boolean().default(false),
    /** Days without a console sign-in after which it no longer counts as human use. */
    staleDays: z.number().int().min(1).default(90),
  })
  .strict()
  .refine((o) => (o.accessKeyId === undefined) === (o.secretAccessKey === undefined), {
    message: 'set both accessKeyId and secretAccessKey, or neither (to use the AWS default credential chain)',
    path: ['secretAccessKey'],
  });
export type AwsOptions = z.infer<typeof AwsOptions>;
