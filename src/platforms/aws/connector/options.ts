import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/** An IAM role name (not an ARN): letters, digits and +=,.@_- , at most 64 characters. */
const RoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name (not an ARN): letters, digits and +=,.@_-, at most 64 characters');
const AccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');

/**
 * `organization`: the tenant is an AWS Organizations management (or delegated administrator) account, and every
 * ACTIVE member account is scanned as a tenant of its own by assuming `memberRole` in it (docs/connectors/aws.md).
 */
export const OrganizationOptions = z
  .object({
    /** The role to assume in each member account, by name; no default: it must exist and trust this account. */
    memberRole: RoleName,
    /** The external id the member role's trust policy requires (sts:ExternalId), if any. */
    externalId: SecretRef.optional(),
    /** Member accounts scanned at the same time. */
    concurrency: z.number().int().min(1).max(32).default(4),
    /** Only these member accounts (ids); default: all. */
    include: z.array(AccountId).optional(),
    /** Never these member accounts (ids). */
    exclude: z.array(AccountId).default([]),
  })
  .strict();
export type OrganizationOptions = z.infer<typeof OrganizationOptions>;

/**
 * The role the scan assumes (STS AssumeRole, with the tenant's own credentials) before calling anything. Set on every
 * member account's job by the organization expansion; may also be written in steward.yaml to scan one account
 * through a role.
 */
export const AssumeRoleOptions = z
  .object({
    roleArn: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN'),
    /** As `organization.externalId`: a secret reference, resolved when the member job's options are validated. */
    externalId: SecretRef.optional(),
  })
  .strict();
export type AssumeRoleOptions = z.infer<typeof AssumeRoleOptions>;

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
    organization: OrganizationOptions.optional(),
    assumeRole: AssumeRoleOptions.optional(),
  })
  .strict()
  .refine((o) => (o.accessKeyId === undefined) === (o.secretAccessKey === undefined), {
    message: 'set both accessKeyId and secretAccessKey, or neither (to use the AWS default credential chain)',
    path: ['secretAccessKey'],
  })
  .refine((o) => !(o.organization && o.assumeRole), {
    message: 'organization is set on the management account, assumeRole only on the member jobs it makes',
    path: ['assumeRole'],
  });
export type AwsOptions = z.infer<typeof AwsOptions>;
