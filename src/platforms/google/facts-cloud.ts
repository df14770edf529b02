import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';

/** Timestamps leave the transforms as UTC ISO-8601 with milliseconds (connector/cloud-common.ts). */
const timestamp = z.iso.datetime();

/** A project-level IAM binding as a permission: who it names, and its IAM condition when it has one. */
const bindingPermission = {
  member: z.string(),
  projectId: z.string(),
  conditionTitle: z.string().nullable(),
  conditionExpression: z.string().nullable(),
};

/**
 * The Google Cloud IAM part of the Google platform's facts, spread into googleFacts (./facts.ts): what
 * connector/service-accounts.ts and connector/workload-identity.ts emit.
 */
export const cloudFacts = {
  /** A service account of one project (iam projects.serviceAccounts.list) with its user-managed keys and roles. */
  service_account: nativeTypeFacts({
    identity: {
      projectId: z.string(),
      projectNumber: z.string().nullable(),
      email: z.string(),
      uniqueId: z.string(),
      /** The OAuth client id domain-wide delegation is granted to (Admin console → API controls). */
      oauth2ClientId: z.string().nullable(),
      displayName: z.string().nullable(),
      description: z.string().nullable(),
      /** Google-created default account: Compute Engine (`N-compute@developer…`) or App Engine (`…@appspot…`). */
      defaultServiceAccount: z.enum(['compute_engine', 'app_engine']).nullable(),
    },
    credential: {
      keyAlgorithm: z.string().nullable(),
      keyOrigin: z.string().nullable(),
      keyType: z.string().nullable(),
      disableReason: z.string().nullable(),
      /** extendedStatus keys, e.g. SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED. */
      extendedStatus: z.array(z.string()),
      /** Google found the private key in public (extendedStatus KEY_EXPOSED / COMPROMISE_DETECTED, or disableReason). */
      exposed: z.boolean(),
    },
    permission: bindingPermission,
  }),
  /** A workload identity pool provider (iam projects.locations.workloadIdentityPools.providers.list). */
  workload_identity_provider: nativeTypeFacts({
    identity: {
      projectId: z.string(),
      poolId: z.string(),
      poolDisabled: z.boolean(),
      providerId: z.string(),
      protocol: z.enum(['oidc', 'aws', 'saml']).nullable(),
      issuerUri: z.string().nullable(),
      allowedAudiences: z.array(z.string()),
      attributeCondition: z.string().nullable(),
      attributeMapping: z.record(z.string(), z.string()),
      /** The issuer is GitHub Actions' OIDC issuer: without a condition any repository on GitHub can federate. */
      githubActions: z.boolean(),
      state: z.string().nullable(),
      expireTime: timestamp.nullable(),
    },
    permission: bindingPermission,
  }),
} satisfies PlatformFacts;
