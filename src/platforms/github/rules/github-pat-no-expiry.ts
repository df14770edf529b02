import type { Rule } from '../../../analysis/risk/types.js';
import { attr, ev, inventorySource } from '../../../analysis/risk/helpers.js';

export const rule: Rule = {
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
    dataRequirement:
      'Needs fine-grained PAT grants (GET /orgs/{org}/personal-access-tokens, token_expires_at) or SAML SSO credential authorizations (credential_expires_at).',
    tags: ['credential', 'lifetime'],
  },
  evaluate(v) {
    // A pending access request is not a token in use; only approved grants and SSO-authorized PATs count.
    if (v.kind !== 'personal_access_token' || /request/i.test(v.nativeType)) return null;
    const declared = attr(
      v.attributes,
      'tokenExpiresAt',
      'token_expires_at',
      'expiresAt',
      'credentialExpiresAt',
      'credential_expires_at',
    );
    if (typeof declared === 'string' && declared) return null;
    if (v.credentials.some((c) => c.expiresAt)) return null;
    return [ev('expiresAt', null, `token has no expiry per ${inventorySource(v)}`)];
  },
};
