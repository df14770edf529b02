import type { RemediationAction } from '../../../remediation/action.js';
import { integrationUserActivate } from './integration-user-activate.js';
import { integrationUserDeactivate } from './integration-user-deactivate.js';
import { oauthTokenRevoke } from './oauth-token-revoke.js';
import { packageUninstall } from './package-uninstall.js';

/** Salesforce remediation actions, one file each. */
export const salesforceActions: RemediationAction[] = [
  integrationUserDeactivate,
  integrationUserActivate,
  oauthTokenRevoke,
  packageUninstall,
];
