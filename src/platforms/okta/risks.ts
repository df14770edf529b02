import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const oktaRisks: RiskDefinition[] = [
  {
    id: 'okta-api-token-super-admin',
    platforms: ['okta'],
    definition:
      'SSWS API token whose creating user holds the SUPER_ADMIN or the ORG_ADMIN role (ACTIVE) by GET /api/v1/users/{userId}/roles',
  },
  {
    id: 'okta-api-token-any-network',
    platforms: ['okta'],
    definition: 'SSWS API token whose network.connection is ANYWHERE (or absent): usable from any IP address',
  },
  {
    id: 'okta-service-app-admin-scopes',
    platforms: ['okta'],
    definition:
      'service app or API service integration holding an ACTIVE admin-tier Okta API scope (okta.apps.manage, okta.users.manage, okta.roles.manage, okta.apiTokens.manage, okta.authorizationServers.manage, okta.policies.manage, okta.factors.manage, okta.idps.manage, okta.orgs.manage) or the SUPER_ADMIN or ORG_ADMIN role',
  },
  {
    id: 'okta-service-app-shared-secret',
    platforms: ['okta'],
    definition:
      'service app whose token_endpoint_auth_method is client_secret_basic, client_secret_post or client_secret_jwt (a shared secret where private_key_jwt is available)',
  },
];
