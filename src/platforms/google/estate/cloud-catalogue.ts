import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * The estate's own catalogue of Google Cloud IAM facts (written from cloud.google.com/iam/docs/understanding-roles
 * and the service-account docs, never from the connector's tables): the roles it grants, with the tier Steward
 * should give them; estate/cloud-agreement.test.ts compares it with the connector's table.
 */
export interface CatalogueRole {
  role: string;
  access: AccessLevel;
  sensitivity: Sensitivity;
  /** Lets the holder act as other service accounts, mint their keys or tokens, or set IAM policy. */
  pathToAdmin: boolean;
  /** How often a generated service account holds it. */
  weight: number;
}

export const SA_ROLES: readonly CatalogueRole[] = [
  { role: 'roles/owner', access: 'admin', sensitivity: 'high', pathToAdmin: true, weight: 2 },
  { role: 'roles/editor', access: 'admin', sensitivity: 'high', pathToAdmin: false, weight: 6 },
  { role: 'roles/viewer', access: 'read', sensitivity: 'medium', pathToAdmin: false, weight: 8 },
  { role: 'roles/iam.serviceAccountTokenCreator', access: 'write', sensitivity: 'high', pathToAdmin: true, weight: 4 },
  { role: 'roles/iam.serviceAccountUser', access: 'write', sensitivity: 'high', pathToAdmin: true, weight: 4 },
  { role: 'roles/storage.objectViewer', access: 'read', sensitivity: 'low', pathToAdmin: false, weight: 20 },
  { role: 'roles/bigquery.dataEditor', access: 'write', sensitivity: 'medium', pathToAdmin: false, weight: 15 },
  { role: 'roles/logging.logWriter', access: 'write', sensitivity: 'medium', pathToAdmin: false, weight: 20 },
  { role: 'roles/cloudsql.client', access: 'write', sensitivity: 'medium', pathToAdmin: false, weight: 10 },
  { role: 'roles/pubsub.publisher', access: 'write', sensitivity: 'medium', pathToAdmin: false, weight: 10 },
  { role: 'roles/run.admin', access: 'admin', sensitivity: 'high', pathToAdmin: false, weight: 5 },
];

/** Roles granted to workload identity pools' federated principals (principalSet members). */
export const POOL_ROLES: readonly CatalogueRole[] = [
  { role: 'roles/artifactregistry.writer', access: 'write', sensitivity: 'medium', pathToAdmin: false, weight: 5 },
  { role: 'roles/storage.objectAdmin', access: 'admin', sensitivity: 'high', pathToAdmin: false, weight: 2 },
  { role: 'roles/iam.workloadIdentityUser', access: 'write', sensitivity: 'high', pathToAdmin: true, weight: 3 },
];

export const BASIC_ROLES: ReadonlySet<string> = new Set(['roles/owner', 'roles/editor']);

/** The role whose project-level holders administer its service accounts (weak owner evidence). */
export const SA_ADMIN_ROLE = 'roles/iam.serviceAccountAdmin';

/** Google's "no expiry" for a user-managed key, and the extended status of a key found in public. */
export const NO_EXPIRY = '9999-12-31T23:59:59Z';
export const KEY_EXPOSED = 'SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED';
export const DISABLE_REASON_EXPOSED = 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED';

/** GitHub Actions' OIDC issuer, and other issuers the estate federates. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const OTHER_OIDC_ISSUERS = ['https://gitlab.com', 'https://app.terraform.io'] as const;
