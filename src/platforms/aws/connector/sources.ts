import type { FillableField } from '../../../model/index.js';
import type { SourceSpec } from '../../../sync/sources.js';

/**
 * What the AWS IAM connector reads (docs/connectors/aws.md, "Sources"). Endpoints are IAM query actions
 * ('iam:<Action>'), as the emulator's fault matcher and the operator's policy name them.
 */
export const CREDENTIAL_REPORT = 'credential-report';
export const GAAD = 'gaad';
export const ACCESS_KEYS = 'access-keys';
export const SERVICE_CREDENTIALS = 'service-credentials';
export const OIDC_PROVIDERS = 'oidc-providers';
export const SAML_PROVIDERS = 'saml-providers';

/**
 * User fields the credential report provides: console password, MFA, the password part of last use, and the keys'
 * last use (without the report a key's last use comes from GetAccessKeyLastUsed, so its credentials are kept).
 */
export const REPORT_FIELDS: FillableField[] = [
  'lastUsedAt',
  'credentials',
  'enabled',
  'interactive',
  'attributes.passwordEnabled',
  'attributes.passwordLastUsed',
  'attributes.mfaActive',
  'attributes.humanUseEvidence',
];

export const awsSources: readonly SourceSpec[] = [
  {
    id: CREDENTIAL_REPORT,
    title: 'IAM credential report (console passwords, MFA, access-key slots, the root user)',
    endpoints: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    permission: 'iam:GenerateCredentialReport, iam:GetCredentialReport',
    required: false,
    // The root user exists only here; and without a user's row a keyless user cannot be told apart from a person
    // (console password), so no user goes gone while the report is unreadable.
    lists: ['root', 'user'],
    fills: { nativeTypes: ['user'], fields: REPORT_FIELDS },
    people: true,
  },
  {
    id: GAAD,
    title: 'users, roles, groups and managed policies (GetAccountAuthorizationDetails)',
    endpoints: ['iam:GetAccountAuthorizationDetails'],
    permission: 'iam:GetAccountAuthorizationDetails',
    required: true,
    lists: ['user', 'role'],
    people: true,
  },
  {
    id: ACCESS_KEYS,
    title: "IAM users' access keys and their last use (per user)",
    endpoints: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
    permission: 'iam:ListAccessKeys, iam:GetAccessKeyLastUsed',
    required: false,
    // A user with a key is an NHI even with a console password: a user whose keys could not be listed may be
    // unclassifiable, so no user goes gone while a listing failed.
    lists: ['user'],
    // Last use is not stale with it: the report's key slots carry every key's last use (users.ts).
    fills: { nativeTypes: ['user'], fields: ['credentials'] },
  },
  {
    id: SERVICE_CREDENTIALS,
    title: "IAM users' service-specific credentials (CodeCommit, Keyspaces, Bedrock and CloudWatch Logs API keys)",
    endpoints: ['iam:ListServiceSpecificCredentials'],
    permission: 'iam:ListServiceSpecificCredentials',
    required: false,
    // One account-wide listing (AllUsers=true), read before any user is emitted: without it users' credentials are
    // kept from the store, and so is `enabled` (an active service-specific credential enables a user).
    fills: { nativeTypes: ['user'], fields: ['credentials', 'enabled'] },
  },
  {
    id: OIDC_PROVIDERS,
    title: 'IAM OpenID Connect identity providers (issuer URL, audiences, thumbprints, tags)',
    endpoints: ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider'],
    permission: 'iam:ListOpenIDConnectProviders, iam:GetOpenIDConnectProvider',
    required: false,
    lists: ['oidc_provider'],
  },
  {
    id: SAML_PROVIDERS,
    title: 'IAM SAML identity providers',
    endpoints: ['iam:ListSAMLProviders'],
    permission: 'iam:ListSAMLProviders',
    required: false,
    lists: ['saml_provider'],
  },
];

/**
 * IAM payload fields that hold secrets (CreateAccessKey, CreateLoginProfile, service-specific credentials, STS
 * responses). The scan reads none of these calls; listed so a kept raw page can never carry one.
 */
export const awsSecretFields: readonly string[] = [
  'SecretAccessKey',
  'SessionToken',
  'Password',
  'ServicePassword',
  'secretAccessKey',
  'sessionToken',
];
