/**
 * The shared vocabulary of planted risks. Each id is also the id of the built-in rule that must find it, so the
 * generator's labels and the rule pack can be compared (recall/precision). Definitions are exact: a generator
 * labels an identity with a risk if and only if the definition holds for the data it serves, using
 * DEFAULT_THRESHOLDS and the estate's `now`.
 */
export const DEFAULT_THRESHOLDS = {
  staleDays: 90,
  rotationDays: 365,
  expiryWarningDays: 30,
  maxSecretLifetimeDays: 365,
} as const;
export type Thresholds = { -readonly [K in keyof typeof DEFAULT_THRESHOLDS]: number };

export interface RiskDefinition {
  id: string;
  platforms: 'all' | string[];
  definition: string;
}

export const RISK_CATALOGUE: RiskDefinition[] = [
  // Generic (any platform whose data carries the fields)
  { id: 'nhi-stale', platforms: 'all', definition: 'enabled identity whose lastUsedAt is set and older than staleDays' },
  { id: 'nhi-never-used', platforms: 'all', definition: 'enabled identity with usage tracking (lastUsedSource set) but lastUsedAt null, created more than staleDays ago' },
  { id: 'nhi-no-owner', platforms: 'all', definition: 'no owner can be attributed from any source (label.owner is null)' },
  { id: 'nhi-owner-departed', platforms: 'all', definition: 'the attributed owner is a person whose status is departed' },
  { id: 'nhi-admin-privilege', platforms: 'all', definition: 'holds a permission with access "admin" or pathToAdmin true' },
  { id: 'credential-not-rotated', platforms: 'all', definition: 'an enabled credential (not federated/webhook_secret) created more than rotationDays ago' },
  { id: 'credential-long-lived', platforms: 'all', definition: 'an enabled credential whose vendor supports expiry (attributes.supportsExpiry true) has no expiry, or expiresAt - createdAt > maxSecretLifetimeDays' },
  { id: 'credential-expired', platforms: 'all', definition: 'a credential with expiresAt in the past is still present' },
  { id: 'credential-expiring', platforms: 'all', definition: 'an enabled credential expires within expiryWarningDays (and is not yet expired)' },
  { id: 'multiple-active-keys', platforms: 'all', definition: 'two or more enabled credentials of type access_key or client_secret' },
  { id: 'third-party-high-risk-scopes', platforms: 'all', definition: 'thirdParty identity holding a permission with access write or admin and sensitivity high' },
  { id: 'unverified-publisher', platforms: 'all', definition: 'thirdParty identity whose publisher is set and not verified' },
  { id: 'tenant-wide-grant', platforms: 'all', definition: 'holds a permission with attributes.tenantWide true (admin consent for all users, domain-wide delegation)' },
  { id: 'credential-reused', platforms: 'all', definition: 'a credential fingerprint also appears on another identity' },
  { id: 'nhi-interactive', platforms: 'all', definition: 'identity.interactive is true (console password or interactive sign-in possible)' },
  { id: 'nhi-used-by-human', platforms: 'all', definition: 'identity.attributes.humanUseEvidence is a non-empty string (e.g. console sign-in within staleDays)' },
  // GitHub
  { id: 'github-app-org-wide-sensitive-write', platforms: ['github'], definition: 'App installation with repository_selection "all" and write/admin on administration, secrets, workflows or organization_administration' },
  { id: 'github-deploy-key-write', platforms: ['github'], definition: 'deploy key with read_only false' },
  { id: 'github-actions-secret-stale', platforms: ['github'], definition: 'Actions secret whose updated_at is older than rotationDays' },
  { id: 'github-pat-no-expiry', platforms: ['github'], definition: 'personal access token (fine-grained grant or SSO-authorized PAT) with no expiry' },
  { id: 'github-webhook-insecure', platforms: ['github'], definition: 'webhook whose config url is http:// or insecure_ssl is "1"' },
  // AWS
  { id: 'aws-root-access-key', platforms: ['aws'], definition: 'the account root user has an active access key' },
  { id: 'aws-admin-user-access-key', platforms: ['aws'], definition: 'IAM user with an active access key holding admin (AdministratorAccess or "*" on "*")' },
  { id: 'aws-oidc-trust-without-sub', platforms: ['aws'], definition: 'role trusting token.actions.githubusercontent.com without a condition on the sub claim' },
  { id: 'aws-cross-account-no-external-id', platforms: ['aws'], definition: 'role trusting another AWS account without an sts:ExternalId condition' },
  { id: 'aws-privilege-escalation', platforms: ['aws'], definition: 'holds a permission marked pathToAdmin that is not plain admin (iam:PassRole with create, iam:CreateAccessKey on *, ...)' },
  // Entra
  { id: 'entra-full-access-as-app', platforms: ['entra'], definition: 'service principal holds the Exchange application permission full_access_as_app' },
  { id: 'entra-directory-readwrite-all', platforms: ['entra'], definition: 'service principal holds Directory.ReadWrite.All (application or delegated)' },
  { id: 'entra-unowned-high-privilege', platforms: ['entra'], definition: 'application/service principal without explicit owners that holds an admin or pathToAdmin permission' },
  { id: 'entra-sp-credential', platforms: ['entra'], definition: 'a password or certificate credential is set on the service principal itself rather than on its application' },
];

export const RISK_IDS = new Set(RISK_CATALOGUE.map((r) => r.id));
