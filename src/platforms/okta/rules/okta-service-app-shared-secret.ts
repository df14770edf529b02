import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { oktaFacts } from '../facts.js';

/** Client authentication with a secret both sides know (client_secret_jwt signs with the shared secret). */
const SHARED_SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);

export const rule = platformRule(oktaFacts, {
  nativeTypes: ['service_app'],
  meta: {
    id: 'okta-service-app-shared-secret',
    title: 'Okta service app authenticating with a shared client secret',
    severity: 'medium',
    description:
      'The service app authenticates to the token endpoint with a client secret (client_secret_basic, client_secret_post or client_secret_jwt) although Okta supports private_key_jwt for service apps. A shared secret can be copied from wherever it is configured and replayed; Okta client secrets never expire.',
    remediation:
      'Register a public key (JWKS) on the app, switch token_endpoint_auth_method to private_key_jwt, then deactivate and delete the client secrets.',
    owasp: 'NHI4:2025',
    compliance: ['NIST SP 800-53 IA-5', 'NIST SP 800-63B 5.1.9', 'PCI DSS 4.0 8.3.2'],
    platforms: ['okta'],
    reads: ['attributes.tokenEndpointAuthMethod'],
    dataRequirement:
      "Needs service apps' credentials.oauthClient.token_endpoint_auth_method (GET /api/v1/apps) as attributes.tokenEndpointAuthMethod.",
    tags: ['authentication', 'credential'],
  },
  evaluate(v) {
    const method = v.attributes.tokenEndpointAuthMethod;
    if (!method || !SHARED_SECRET_METHODS.has(method)) return null;
    return [
      ev(
        'attributes.tokenEndpointAuthMethod',
        method,
        `token_endpoint_auth_method ${method} per ${inventorySource(v)}`,
      ),
    ];
  },
});
