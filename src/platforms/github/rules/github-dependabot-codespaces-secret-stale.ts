import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';
import { secretAgeEvidence } from './secret-age.js';

// Separate from github-actions-secret-stale because these stores are reviewed elsewhere (Dependabot and Codespaces
// settings) and are missed by Actions-only rotation runbooks; the test is the same (updated_at vs rotationDays).
export const rule = platformRule(githubFacts, {
  nativeTypes: ['dependabot_org_secret', 'dependabot_repo_secret', 'codespaces_org_secret'],
  meta: {
    id: 'github-dependabot-codespaces-secret-stale',
    title: 'GitHub Dependabot or Codespaces secret not rotated',
    severity: 'medium',
    description:
      'A Dependabot secret (organisation or repository: private registry passwords and tokens) or an organisation Codespaces secret (injected into every codespace it is visible to) has not been updated for more than `rotationDays`. These stores sit outside Actions secret rotation, so their credentials are usually the oldest in the organisation.',
    remediation:
      'Rotate the underlying registry or cloud credential and update the secret; for Codespaces prefer short-lived credentials obtained at start-up over a stored key, and narrow the secret to selected repositories.',
    owasp: 'NHI7:2025',
    compliance: ['PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5(1)'],
    platforms: ['github'],
    reads: ['attributes.updatedAt'],
    dataRequirement:
      'Needs Dependabot secrets (GET /orgs/{org}/dependabot/secrets, /repos/{owner}/{repo}/dependabot/secrets) or organisation Codespaces secrets (GET /orgs/{org}/codespaces/secrets) with updated_at.',
    tags: ['credential', 'rotation', 'supply-chain'],
  },
  evaluate: (v, ctx) => secretAgeEvidence(v, ctx),
});
