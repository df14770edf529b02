import type { Rule } from '../types.js';
import { rule as nhiStale } from './nhi-stale.js';
import { rule as nhiNeverUsed } from './nhi-never-used.js';
import { rule as nhiNoOwner } from './nhi-no-owner.js';
import { rule as nhiOwnerDeparted } from './nhi-owner-departed.js';
import { rule as nhiAdminPrivilege } from './nhi-admin-privilege.js';
import { rule as credentialNotRotated } from './credential-not-rotated.js';
import { rule as credentialLongLived } from './credential-long-lived.js';
import { rule as credentialExpired } from './credential-expired.js';
import { rule as credentialExpiring } from './credential-expiring.js';
import { rule as multipleActiveKeys } from './multiple-active-keys.js';
import { rule as thirdPartyHighRiskScopes } from './third-party-high-risk-scopes.js';
import { rule as unverifiedPublisher } from './unverified-publisher.js';
import { rule as tenantWideGrant } from './tenant-wide-grant.js';
import { rule as credentialReused } from './credential-reused.js';
import { rule as nhiInteractive } from './nhi-interactive.js';
import { rule as nhiUsedByHuman } from './nhi-used-by-human.js';
import { rule as githubAppOrgWideSensitiveWrite } from './github-app-org-wide-sensitive-write.js';
import { rule as githubDeployKeyWrite } from './github-deploy-key-write.js';
import { rule as githubActionsSecretStale } from './github-actions-secret-stale.js';
import { rule as githubPatNoExpiry } from './github-pat-no-expiry.js';
import { rule as githubWebhookInsecure } from './github-webhook-insecure.js';
import { rule as awsRootAccessKey } from './aws-root-access-key.js';
import { rule as awsAdminUserAccessKey } from './aws-admin-user-access-key.js';
import { rule as awsOidcTrustWithoutSub } from './aws-oidc-trust-without-sub.js';
import { rule as awsCrossAccountNoExternalId } from './aws-cross-account-no-external-id.js';
import { rule as awsPrivilegeEscalation } from './aws-privilege-escalation.js';
import { rule as entraFullAccessAsApp } from './entra-full-access-as-app.js';
import { rule as entraDirectoryReadwriteAll } from './entra-directory-readwrite-all.js';
import { rule as entraUnownedHighPrivilege } from './entra-unowned-high-privilege.js';
import { rule as entraSpCredential } from './entra-sp-credential.js';

/** The built-in rule pack: one file per rule, ids = src/estate/risk-catalogue.ts. Adding a rule: one import and one entry. */
export const BUILTIN_RULES: Rule[] = [
  nhiStale,
  nhiNeverUsed,
  nhiNoOwner,
  nhiOwnerDeparted,
  nhiAdminPrivilege,
  credentialNotRotated,
  credentialLongLived,
  credentialExpired,
  credentialExpiring,
  multipleActiveKeys,
  thirdPartyHighRiskScopes,
  unverifiedPublisher,
  tenantWideGrant,
  credentialReused,
  nhiInteractive,
  nhiUsedByHuman,
  githubAppOrgWideSensitiveWrite,
  githubDeployKeyWrite,
  githubActionsSecretStale,
  githubPatNoExpiry,
  githubWebhookInsecure,
  awsRootAccessKey,
  awsAdminUserAccessKey,
  awsOidcTrustWithoutSub,
  awsCrossAccountNoExternalId,
  awsPrivilegeEscalation,
  entraFullAccessAsApp,
  entraDirectoryReadwriteAll,
  entraUnownedHighPrivilege,
  entraSpCredential,
];
