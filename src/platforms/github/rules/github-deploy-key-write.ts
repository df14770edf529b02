import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';

export const rule = platformRule(githubFacts, {
  nativeTypes: ['deploy_key'],
  meta: {
    id: 'github-deploy-key-write',
    title: 'Deploy key with write access',
    severity: 'medium',
    description:
      'A repository deploy key is not read-only: whoever holds the private key can push code, bypassing user accounts, MFA and (for unprotected branches) review.',
    remediation:
      'Replace it with a read-only deploy key, or with a GitHub App / Actions token scoped to what the automation writes.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5'],
    platforms: ['github'],
    reads: ['attributes.readOnly'],
    dataRequirement:
      'Needs GitHub deploy keys with their read_only flag (GET /repos/{owner}/{repo}/keys) as attributes.readOnly.',
    tags: ['privilege', 'supply-chain'],
  },
  evaluate(v) {
    if (v.attributes.readOnly) return null;
    return [ev('attributes.readOnly', false, `deploy key read_only false per ${inventorySource(v)}`)];
  },
});
