import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { oktaFacts } from '../facts.js';

/** Roles that make a token's creator (and so the token) an administrator of the whole org. */
const ORG_ADMIN_ROLES = new Set(['role:SUPER_ADMIN', 'role:ORG_ADMIN']);

export const rule = platformRule(oktaFacts, {
  nativeTypes: ['api_token'],
  meta: {
    id: 'okta-api-token-super-admin',
    title: 'Okta API token of a super or org administrator',
    severity: 'critical',
    description:
      'An SSWS API token acts with every admin role of the user who created it. This token was created by a Super Administrator or Organization Administrator: whoever holds the token string can read and change the whole org, create admins and new tokens — the kind of token taken in the 2023 Okta support-system breach.',
    remediation:
      'Replace the token with an OAuth 2.0 service app holding only the okta.* scopes the integration needs (private_key_jwt); until then, have a dedicated least-privileged admin (e.g. Read-Only Administrator) create the token, and revoke this one (DELETE /api/v1/api-tokens/{apiTokenId}).',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6(5)', 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.1', 'PCI DSS 4.0 7.2.5'],
    platforms: ['okta'],
    reads: ['permissions'],
    dataRequirement:
      "Needs each API token's creator's admin roles (GET /api/v1/users/{userId}/roles) as role:<type> permissions.",
    tags: ['privilege', 'api-token'],
  },
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      ORG_ADMIN_ROLES.has(p.nativeName)
        ? ev(
            permissionLabel(p, n),
            p.nativeName,
            `creator ${p.attributes.inheritedFrom} holds ${p.nativeName.slice(5)} per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
