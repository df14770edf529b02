import type { FillableField } from '../../../model/index.js';
import type { SourceSpec } from '../../../sync/sources.js';

/**
 * What the AWS IAM connector reads (docs/connectors/aws.md, "Sources"). Endpoints are the actions as an IAM policy
 * names them ('iam:<Action>', 'sts:<Action>', 'access-analyzer:<Action>'), as the emulator's fault matcher does.
 */
export const CALLER_IDENTITY = 'caller-identity';
export const CREDENTIAL_REPORT = 'credential-report';
export const GAAD = 'gaad';
export const ACCESS_KEYS = 'access-keys';
export const SERVICE_CREDENTIALS = 'service-credentials';
export const SSH_KEYS = 'ssh-keys';
export const SIGNING_CERTIFICATES = 'signing-certificates';
export const SERVICE_LAST_ACCESSED = 'service-last-accessed';
export const OIDC_PROVIDERS = 'oidc-providers';
export const SAML_PROVIDERS = 'saml-providers';
export const ACCESS_ANALYZERS = 'access-analyzers';
export const UNUSED_ACCESS_FINDINGS = 'unused-access-findings';
export const ORGANIZATION_ACCOUNTS = 'organization-accounts';

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
    id: CALLER_IDENTITY,
    title: 'the account the credentials open (STS GetCallerIdentity), checked against the tenant id before anything',
    endpoints: ['sts:GetCallerIdentity'],
    // STS answers it for every caller, even under an explicit Deny: what it needs is valid credentials.
    permission: 'sts:GetCallerIdentity',
    // Optional: the credential report's root row and GAAD's ARNs check the account too when STS cannot be reached.
    required: false,
  },
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
    id: SSH_KEYS,
    title: "IAM users' SSH public keys (CodeCommit; per user emitted as an NHI)",
    endpoints: ['iam:ListSSHPublicKeys'],
    permission: 'iam:ListSSHPublicKeys',
    required: false,
    // Read per page of users after their access keys; without it a user's credentials are kept from the store, and so
    // is `enabled` (an active SSH key enables a user).
    fills: { nativeTypes: ['user'], fields: ['credentials', 'enabled'] },
  },
  {
    id: SIGNING_CERTIFICATES,
    title: "IAM users' X.509 signing certificates (per NHI user the credential report shows with one)",
    endpoints: ['iam:ListSigningCertificates'],
    permission: 'iam:ListSigningCertificates',
    required: false,
    // Like ssh-keys: an active certificate enables a user.
    fills: { nativeTypes: ['user'], fields: ['credentials', 'enabled'] },
  },
  {
    id: SERVICE_LAST_ACCESSED,
    title:
      'services each NHI user and role is allowed and when it last used them (IAM last accessed, SERVICE_LEVEL jobs)',
    endpoints: ['iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails'],
    permission: 'iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails',
    required: false,
    // Only with the option serviceLastAccessed (switched off otherwise); read per page of principals before they are
    // emitted. A principal whose job failed keeps its stored facts (objectFailed marks it stale).
    fills: { nativeTypes: ['user', 'role'], fields: ['attributes.servicesLastAccessed'] },
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
  {
    id: ACCESS_ANALYZERS,
    title: "the account's IAM Access Analyzer unused-access analyzers (ListAnalyzers type ACCOUNT_UNUSED_ACCESS)",
    endpoints: ['access-analyzer:ListAnalyzers'],
    permission: 'access-analyzer:ListAnalyzers',
    required: false,
    // Lists no identity: it tells whether unused-access-findings can be read (without it, that source is not-run and
    // the facts it fills are kept from the store).
  },
  {
    id: UNUSED_ACCESS_FINDINGS,
    title: 'IAM Access Analyzer ACTIVE unused-access findings (ListFindingsV2), by principal ARN',
    endpoints: ['access-analyzer:ListFindingsV2'],
    // ListFindings and ListFindingsV2 are both authorized by the access-analyzer:ListFindings IAM action.
    permission: 'access-analyzer:ListFindings',
    required: false,
    // Read before users and roles are emitted; switched off (with the reason) when the account has no ACTIVE
    // ACCOUNT_UNUSED_ACCESS analyzer, then the facts are null (unknown), not [].
    fills: { nativeTypes: ['user', 'role'], fields: ['attributes.unusedAccess'] },
  },
  {
    id: ORGANIZATION_ACCOUNTS,
    title: "the organization's member accounts (Organizations ListAccounts), each scanned as a tenant of its own",
    endpoints: ['organizations:ListAccounts'],
    permission: 'organizations:ListAccounts',
    required: false,
    // Lists no identity of this account. Read before the scan, by the tenant expansion (organization.ts), and recorded
    // in the management account's run; switched off on a tenant without `organization` and on member accounts.
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
