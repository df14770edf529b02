import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';

/**
 * The typed attributes of every nativeType the AWS IAM connector emits (src/model/facts.ts): `user` (users.ts +
 * access-keys.ts + service-credentials.ts), `role` (roles.ts), `root` (root.ts) and the identity providers
 * `oidc_provider`, `saml_provider` (identity-providers.ts). Rules read these fields only.
 */

/** One principal of a trust statement: type Service | AWS | Federated | CanonicalUser | "*" (Principal: "*"). */
export const TrustPrincipalFacts = z.strictObject({ type: z.string(), value: z.string() });
/** One condition of a trust statement, keys as written in the policy (e.g. "sts:ExternalId"). */
export const TrustConditionFacts = z.strictObject({
  operator: z.string(),
  key: z.string(),
  values: z.array(z.string()),
});
/** One statement of a role's trust (assume-role) policy, parsed once by connector/trust.ts. */
export const TrustStatementFacts = z.strictObject({
  effect: z.string(),
  actions: z.array(z.string()),
  /** The NotPrincipal values when `notPrincipal` is true. */
  principals: z.array(TrustPrincipalFacts),
  notPrincipal: z.boolean(),
  conditions: z.array(TrustConditionFacts),
});

/** What the trust statements imply (connector/trust.ts analyzeTrust, Allow statements only). */
const TrustSummaryFacts = z.strictObject({
  /** "Type:value", sorted unique. */
  principals: z.array(z.string()),
  conditionKeys: z.array(z.string()),
  services: z.array(z.string()),
  externalAccounts: z.array(z.strictObject({ account: z.string(), externalId: z.boolean() })),
  crossAccountWithoutExternalId: z.boolean(),
  githubOidc: z.boolean(),
  githubWithoutSub: z.boolean(),
  /** Open to workflows of any GitHub repository (connector/trust.ts githubStatementOpen). */
  githubOpenTrust: z.boolean(),
  githubSubjects: z.array(z.string()),
  /** IAM identity providers (ARNs) the Federated principals name: the role's `trusts_provider` edges. */
  oidcProviders: z.array(z.string()),
  samlProviders: z.array(z.string()),
});

/** A permission from one Allow statement of an inline or managed policy (connector/policy.ts). */
const policyPermissionFacts = {
  policyName: z.string(),
  policyArn: z.string().optional(),
  sid: z.string().optional(),
  conditional: z.literal(true).optional(),
  /** The actions of a NotAction statement (nativeName is then "NotAction:<sorted actions>"). */
  notAction: z.array(z.string()).optional(),
};

/** Where an access key was last used (credential report or GetAccessKeyLastUsed). */
const keyUseFacts = { lastUsedService: z.string().nullable(), lastUsedRegion: z.string().nullable() };

/**
 * A user's service-specific credential (ListServiceSpecificCredentials: CodeCommit/Keyspaces passwords, Bedrock and
 * CloudWatch Logs API keys). Absent on access keys.
 */
const serviceCredentialFacts = {
  serviceName: z.string().optional(),
  serviceUserName: z.string().nullable().optional(),
  serviceCredentialAlias: z.string().nullable().optional(),
};

/**
 * IAM Access Analyzer unused-access facts of a principal (connector/unused-access.ts): null when the account has no
 * ACTIVE ACCOUNT_UNUSED_ACCESS analyzer (unknown), else the analyzer's age threshold and the principal's ACTIVE
 * finding types, sorted ([] = nothing unused).
 */
export const UnusedAccessFacts = z.strictObject({
  unusedAccessAge: z.number().int().nullable(),
  findingTypes: z.array(z.string()),
});

/**
 * IAM last-accessed facts of a principal (connector/service-last-accessed.ts): every service its policies allow and
 * when it last authenticated to it (null: not within IAM's tracking period), as of the report's completion.
 */
export const ServicesLastAccessedFacts = z.strictObject({
  reportedAt: z.string(),
  services: z.array(
    z.strictObject({
      namespace: z.string(),
      lastAuthenticated: z.string().nullable(),
      /** ACTION_LEVEL: each tracked action of a service IAM tracks actions of (absent for the others). */
      actions: z.array(z.strictObject({ name: z.string(), lastAccessed: z.string().nullable() })).optional(),
    }),
  ),
});

/** Attributes users and roles share (from GetAccountAuthorizationDetails). */
const principalFacts = {
  arn: z.string().optional(),
  path: z.string().optional(),
  accountId: z.string(),
  tags: z.record(z.string(), z.string()),
  permissionsBoundary: z.string().optional(),
  /** Attached managed policies the scan could not find (their grants are missing). */
  unresolvedPolicies: z.array(z.string()).optional(),
  /** Absent when not read this run (its source did not complete: the stored value is kept). */
  unusedAccess: UnusedAccessFacts.nullable().optional(),
  /** Null when the option serviceLastAccessed is off (unknown); absent when not read this run (stored value kept). */
  servicesLastAccessed: ServicesLastAccessedFacts.nullable().optional(),
};

export const awsFacts = {
  user: nativeTypeFacts({
    identity: {
      ...principalFacts,
      groups: z.array(z.string()),
      /** Login profile (console password) and MFA, from the credential report. */
      passwordEnabled: z.boolean(),
      passwordLastUsed: z.string().nullable(),
      mfaActive: z.boolean(),
    },
    credential: {
      status: z.enum(['Active', 'Inactive', 'Expired']).nullable(),
      ...keyUseFacts,
      ...serviceCredentialFacts,
    },
    permission: policyPermissionFacts,
  }),
  role: nativeTypeFacts({
    identity: {
      ...principalFacts,
      lastUsedRegion: z.string().nullable(),
      instanceProfiles: z.array(z.string()),
      serviceLinked: z.boolean(),
      trust: z.array(TrustStatementFacts),
      trustSummary: TrustSummaryFacts,
    },
    permission: policyPermissionFacts,
  }),
  root: nativeTypeFacts({
    identity: {
      arn: z.string(),
      accountId: z.string(),
      mfaActive: z.boolean(),
      passwordLastUsed: z.string().nullable(),
    },
    credential: { slot: z.union([z.literal(1), z.literal(2)]), ...keyUseFacts },
  }),
  /** An IAM OIDC identity provider (ListOpenIDConnectProviders + GetOpenIDConnectProvider). */
  oidc_provider: nativeTypeFacts({
    identity: {
      arn: z.string(),
      accountId: z.string(),
      /** The issuer URL as IAM keeps it (no scheme): 'token.actions.githubusercontent.com'. */
      url: z.string(),
      /** Audiences (client ids) the provider accepts. */
      clientIds: z.array(z.string()),
      thumbprints: z.array(z.string()),
      tags: z.record(z.string(), z.string()),
    },
  }),
  /** An IAM SAML identity provider (ListSAMLProviders). */
  saml_provider: nativeTypeFacts({
    identity: {
      arn: z.string(),
      accountId: z.string(),
      /** When the provider's SAML metadata document stops being valid; null when IAM sends none. */
      validUntil: z.string().nullable(),
    },
  }),
} satisfies PlatformFacts;
