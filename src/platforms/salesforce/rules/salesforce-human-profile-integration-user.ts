import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { salesforceFacts } from '../facts.js';

export const rule = platformRule(salesforceFacts, {
  nativeTypes: ['integration_user'],
  meta: {
    id: 'salesforce-human-profile-integration-user',
    title: 'Salesforce human user account used as an integration user',
    severity: 'high',
    description:
      "A user on a human licence and profile (not API only, not the Salesforce Integration licence) logs in only through the API or OAuth: software runs as a person's account, with that person's interactive access, password and MFA exemptions, and leaves with them.",
    remediation:
      "Create a dedicated integration user (Salesforce Integration licence, Minimum Access - API Only Integrations profile, a permission set with only what the integration needs), move the integration to it and reset this account's credentials.",
    owasp: 'NHI10:2025',
    compliance: ['NIST SP 800-53 IA-2', 'NIST SP 800-53 AC-2(9)', 'PCI DSS 4.0 8.2.2', 'PCI DSS 4.0 8.6.1'],
    platforms: ['salesforce'],
    dataRequirement:
      "Needs each user's profile and licence (User) and its login history (LoginHistory LoginType): an integration user by attributes.integrationBasis api_logins.",
    tags: ['human-use', 'integration-user'],
  },
  evaluate(v) {
    if (v.attributes.integrationBasis !== 'api_logins') return null;
    return [
      ev(
        'attributes.integrationBasis',
        'api_logins',
        `profile ${v.attributes.profile ?? 'unknown'} (licence ${v.attributes.userLicense ?? 'unknown'}) with only API or OAuth logins per ${inventorySource(v)}`,
      ),
    ];
  },
});
