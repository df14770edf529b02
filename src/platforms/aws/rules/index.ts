import type { Rule } from '../../../analysis/risk/types.js';
import { rule as awsAdminUserAccessKey } from './aws-admin-user-access-key.js';
import { rule as awsCrossAccountNoExternalId } from './aws-cross-account-no-external-id.js';
import { rule as awsOidcTrustWithoutSub } from './aws-oidc-trust-without-sub.js';
import { rule as awsPrivilegeEscalation } from './aws-privilege-escalation.js';
import { rule as awsRootAccessKey } from './aws-root-access-key.js';
import { rule as awsServiceCredentialNoExpiry } from './aws-service-credential-no-expiry.js';
import { rule as awsUnusedPermissions } from './aws-unused-permissions.js';
import { rule as awsUnusedServices } from './aws-unused-services.js';

/** This platform's rules, one file each (ids = ../risks.ts). */
export const awsRules: Rule[] = [
  awsRootAccessKey,
  awsAdminUserAccessKey,
  awsOidcTrustWithoutSub,
  awsCrossAccountNoExternalId,
  awsPrivilegeEscalation,
  awsServiceCredentialNoExpiry,
  awsUnusedPermissions,
  awsUnusedServices,
];
