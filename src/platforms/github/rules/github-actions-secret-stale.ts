import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';
import { secretAgeEvidence } from './secret-age.js';

// Every Actions secret store: organisation, repository and deployment environment. Dependabot and Codespaces
// secrets have their own rule (github-dependabot-codespaces-secret-stale).
export const rule = platformRule(githubFacts, {
  nativeTypes: ['org_secret', 'repo_secret', 'environment_secret'],
  meta: {
    id: 'github-actions-secret-stale',
    title: 'GitHub Actions secret not updated within the rotation period',
    severity: 'medium',
    description:
      'An Actions secret (organisation, repository or deployment environment) has not been updated for more than `rotationDays`. The credential it holds is almost certainly not rotated either, and every workflow run has had it in memory.',
    remediation:
      'Rotate the underlying credential, update the secret, and prefer OIDC federation from Actions over stored cloud keys.',
    owasp: 'NHI7:2025',
    compliance: ['PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5(1)'],
    platforms: ['github'],
    reads: ['attributes.updatedAt'],
    dataRequirement:
      'Needs GitHub Actions secrets with updated_at (GET /orgs/{org}/actions/secrets, /repos/{owner}/{repo}/actions/secrets, /repos/{owner}/{repo}/environments/{environment_name}/secrets).',
    tags: ['credential', 'rotation', 'ci'],
  },
  evaluate: (v, ctx) => secretAgeEvidence(v, ctx),
});
