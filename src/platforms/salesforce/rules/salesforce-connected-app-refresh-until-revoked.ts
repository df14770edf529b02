import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { salesforceFacts } from '../facts.js';

export const rule = platformRule(salesforceFacts, {
  nativeTypes: ['connected_app'],
  meta: {
    id: 'salesforce-connected-app-refresh-until-revoked',
    title: 'Salesforce connected app whose refresh tokens are valid until revoked',
    severity: 'high',
    description:
      'The connected app\'s refresh-token policy is the default "Refresh token is valid until revoked": every refresh token it was ever issued keeps minting access tokens, years later and from anywhere, until someone revokes it — the property that let the stolen Salesloft Drift tokens export CRM data from hundreds of orgs in 2025.',
    remediation:
      'In the connected app\'s OAuth policies set "Expire refresh token if not used for" (or "Expire refresh token after") a period the integration can live with, and revoke the tokens nobody uses (Setup → Connected Apps OAuth Usage).',
    owasp: 'NHI7:2025',
    compliance: ['NIST SP 800-53 IA-5(1)', 'NIST SP 800-53 AC-12', 'PCI DSS 4.0 8.2.8', 'PCI DSS 4.0 8.3.9'],
    platforms: ['salesforce'],
    dataRequirement:
      "Needs each connected app's RefreshTokenValidityPeriod (ConnectedApplication) as attributes.refreshTokenPolicy.",
    tags: ['oauth', 'long-lived', 'connected-app'],
  },
  evaluate(v) {
    if (v.attributes.refreshTokenPolicy !== 'until_revoked') return null;
    return [
      ev(
        'attributes.refreshTokenPolicy',
        'until_revoked',
        `RefreshTokenValidityPeriod not set (refresh token valid until revoked) per ${inventorySource(v)}`,
      ),
    ];
  },
});
