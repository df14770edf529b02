import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { oktaFacts } from '../facts.js';

export const rule = platformRule(oktaFacts, {
  nativeTypes: ['service_app', 'api_service_integration'],
  meta: {
    id: 'okta-service-app-admin-scopes',
    title: 'Okta service app with admin-tier API scopes or an admin role',
    severity: 'high',
    description:
      'A machine client (OAuth service app or API service integration) holds an Okta API scope that lets it make itself or anyone an administrator (okta.apps.manage, okta.users.manage, okta.roles.manage, okta.apiTokens.manage, …) or the Super/Org Administrator role. Its credentials are then as powerful as an org admin, without MFA.',
    remediation:
      'Revoke the admin-tier grants (DELETE /api/v1/apps/{appId}/grants/{grantId}) and admin roles (DELETE /oauth2/v1/clients/{clientId}/roles/{roleAssignmentId}), grant the read or narrower scopes the integration needs, and use private_key_jwt.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'NIST SP 800-53 AC-6(5)', 'PCI DSS 4.0 7.2.1', 'PCI DSS 4.0 7.2.5'],
    platforms: ['okta'],
    reads: ['permissions'],
    dataRequirement:
      "Needs service apps' Okta API scope grants and client roles, and integrations' grantedScopes, tiered by the Okta permission table (access admin).",
    tags: ['privilege'],
  },
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.access === 'admin'
        ? ev(permissionLabel(p, n), p.nativeName, `admin-tier ${p.attributes.grant} per ${permissionSource(p, v)}`)
        : null,
    );
  },
});
