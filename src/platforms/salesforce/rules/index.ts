import type { Rule } from '../../../analysis/risk/types.js';
import { rule as salesforceConnectedAppOpenToAllUsers } from './salesforce-connected-app-open-to-all-users.js';
import { rule as salesforceConnectedAppRefreshUntilRevoked } from './salesforce-connected-app-refresh-until-revoked.js';
import { rule as salesforceHumanProfileIntegrationUser } from './salesforce-human-profile-integration-user.js';
import { rule as salesforceIntegrationUserAllData } from './salesforce-integration-user-all-data.js';
import { rule as salesforceOauthTokenUnused } from './salesforce-oauth-token-unused.js';

/** This platform's rules, one file each (ids = ../risks.ts). */
export const salesforceRules: Rule[] = [
  salesforceConnectedAppRefreshUntilRevoked,
  salesforceConnectedAppOpenToAllUsers,
  salesforceOauthTokenUnused,
  salesforceIntegrationUserAllData,
  salesforceHumanProfileIntegrationUser,
];
