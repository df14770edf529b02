import type { Rule } from '../../../analysis/risk/types.js';
import { rule as oktaApiTokenAnyNetwork } from './okta-api-token-any-network.js';
import { rule as oktaApiTokenSuperAdmin } from './okta-api-token-super-admin.js';
import { rule as oktaServiceAppAdminScopes } from './okta-service-app-admin-scopes.js';
import { rule as oktaServiceAppSharedSecret } from './okta-service-app-shared-secret.js';

/** This platform's rules, one file each (ids = ../risks.ts). */
export const oktaRules: Rule[] = [
  oktaApiTokenSuperAdmin,
  oktaApiTokenAnyNetwork,
  oktaServiceAppAdminScopes,
  oktaServiceAppSharedSecret,
];
