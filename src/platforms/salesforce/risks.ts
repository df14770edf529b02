import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const salesforceRisks: RiskDefinition[] = [
  {
    id: 'salesforce-connected-app-refresh-until-revoked',
    platforms: ['salesforce'],
    definition: 'connected app whose RefreshTokenValidityPeriod is null (refresh token valid until revoked)',
  },
  {
    id: 'salesforce-connected-app-open-to-all-users',
    platforms: ['salesforce'],
    definition: 'connected app whose OptionsAllowAdminApprovedUsersOnly is false (all users may self-authorize)',
  },
  {
    id: 'salesforce-oauth-token-unused',
    platforms: ['salesforce'],
    definition:
      'OAuth token whose LastUsedDate (or, never used, its CreatedDate) is more than staleDays (90) days before now',
  },
  {
    id: 'salesforce-integration-user-all-data',
    platforms: ['salesforce'],
    definition:
      "integration user assigned a permission set (its profile's included) with PermissionsModifyAllData or PermissionsViewAllData true",
  },
  {
    id: 'salesforce-human-profile-integration-user',
    platforms: ['salesforce'],
    definition:
      'standard user whose profile is not API only and whose licence is not Salesforce Integration, with at least one successful login in the login-history window and every successful login of an API or OAuth LoginType',
  },
];
