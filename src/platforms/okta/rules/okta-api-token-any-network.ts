import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { oktaFacts } from '../facts.js';

export const rule = platformRule(oktaFacts, {
  nativeTypes: ['api_token'],
  meta: {
    id: 'okta-api-token-any-network',
    title: 'Okta API token usable from any network',
    severity: 'medium',
    description:
      "The SSWS API token is not restricted to a network zone (network.connection ANYWHERE, the default): a leaked token works from any IP address in the world, with its creator's admin rights.",
    remediation:
      'Restrict the token to the network zone of the integration that uses it (API token network restriction: connection ZONE with the zone ids in include), or replace it with an OAuth 2.0 service app.',
    owasp: 'NHI6:2025',
    compliance: ['NIST SP 800-53 AC-17', 'NIST SP 800-53 SC-7', 'PCI DSS 4.0 1.3.1'],
    platforms: ['okta'],
    reads: ['attributes.networkConnection'],
    dataRequirement:
      "Needs each API token's network.connection (GET /api/v1/api-tokens) as attributes.networkConnection.",
    tags: ['network', 'api-token'],
  },
  evaluate(v) {
    const connection = v.attributes.networkConnection;
    if (connection !== null && connection !== 'ANYWHERE') return null;
    return [
      ev(
        'attributes.networkConnection',
        connection,
        `network.connection ${connection ?? 'not set (Okta default ANYWHERE)'} per ${inventorySource(v)}`,
      ),
    ];
  },
});
