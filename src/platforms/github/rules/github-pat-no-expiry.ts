import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';

// A pending access request (pat_request) is not a token in use; only approved grants and SSO-authorized PATs count.
export const rule = platformRule(githubFacts, {
  nativeTypes: ['pat_grant', 'credential_authorization'],
  meta: {
    id: 'github-pat-no-expiry',
    title: 'Personal access token without expiry',
    severity: 'medium',
    description:
      "A personal access token with organisation access (fine-grained grant or SSO-authorized classic PAT) never expires. It outlives projects, roles and often its creator's employment.",
    remediation:
      'Ask the owner to replace it with an expiring fine-grained token (or a GitHub App), and set an organisation policy requiring PAT expiry.',
    owasp: 'NHI7:2025',
    compliance: ['PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5'],
    platforms: ['github'],
    reads: ['attributes.credentialType', 'credentials'],
    dataRequirement:
      'Needs fine-grained PAT grants (GET /orgs/{org}/personal-access-tokens, token_expires_at) or SAML SSO credential authorizations (credential_expires_at).',
    tags: ['credential', 'lifetime'],
  },
  evaluate(v) {
    if (v.nativeType === 'credential_authorization' && v.attributes.credentialType !== 'personal access token')
      return null;
    if (v.credentials.some((c) => c.expiresAt)) return null;
    return [ev('expiresAt', null, `token has no expiry per ${inventorySource(v)}`)];
  },
});
