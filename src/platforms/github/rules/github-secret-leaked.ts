import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';
import { leakEvidence } from './leaked-secret.js';

export const rule = platformRule(githubFacts, {
  nativeTypes: ['secret_scanning_alert'],
  meta: {
    id: 'github-secret-leaked',
    title: 'Leaked secret still valid (GitHub secret scanning)',
    severity: 'critical',
    description:
      'GitHub secret scanning found this secret in the repository and its latest validity check says it still works. Anyone who can read the repository, its history or forks — everyone, for a public one — can use it.',
    remediation:
      'Revoke or rotate the credential at its provider (for a GitHub token: the PAT, OAuth/App token, SSH key or deploy key of the types listed), remove it from the code and history, then close the alert as revoked.',
    owasp: 'NHI2:2025',
    compliance: ['NIST SP 800-53 IA-5(7)', 'PCI DSS 4.0 8.6.2'],
    platforms: ['github'],
    reads: ['attributes.validity', 'attributes.state'],
    dataRequirement:
      'Needs the open secret-scanning alerts with their validity (GET /orgs/{org}/secret-scanning/alerts; secret scanning enabled).',
    tags: ['credential', 'leak'],
  },
  evaluate(v) {
    if (v.attributes.state !== 'open' || !(v.attributes.validity === 'active')) return null;
    return leakEvidence(v);
  },
});
