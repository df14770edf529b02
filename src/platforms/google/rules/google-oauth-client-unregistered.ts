import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['oauth_client'],
  meta: {
    id: 'google-oauth-client-unregistered',
    title: 'Unregistered (anonymous) Google OAuth client holds user tokens',
    severity: 'medium',
    description:
      "Google reports the client as anonymous: it is registered in no Google Cloud project, so it has no verified publisher, consent screen or brand anyone answers for, yet it holds Workspace users' tokens.",
    remediation:
      'Find who uses it (the granting users; Reports token events), block it in Admin console > Security > API controls > App access control unless it is a known legacy tool, and revoke its tokens (DELETE /admin/directory/v1/users/{userKey}/tokens/{clientId}).',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 SA-9', 'NIST SP 800-53 CM-7', 'PCI DSS 4.0 12.8.1'],
    platforms: ['google'],
    reads: ['attributes'],
    dataRequirement: "Needs the users' third-party tokens (Directory tokens.list) with their `anonymous` flag.",
    tags: ['third-party', 'oauth'],
  },
  evaluate(v) {
    if (v.attributes.anonymous !== true) return null;
    return [ev('attributes.anonymous', true, `tokens.list per ${inventorySource(v)}`)];
  },
});
