import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';
import { cis } from '../../../analysis/risk/cis.js';

// Both conditions, because each alone is a documented choice: visibility "all" on a private-only org is the
// default group's setting, and a public repository may be allowed on a group visible to selected repositories only.
export const rule = platformRule(githubFacts, {
  nativeTypes: ['runner_group'],
  meta: {
    id: 'github-runner-group-open',
    title: 'Self-hosted runner group open to every repository, public ones included',
    severity: 'high',
    description:
      'The runner group is visible to all repositories of the organization and allows public repositories. Any public repository — and pull requests from forks of it — can run code on these self-hosted runners, with their network access and whatever credentials the machines hold.',
    remediation:
      'Set the group visibility to selected repositories, turn off "Allow public repositories", and restrict it to the workflows that need it.',
    owasp: 'NHI6:2025',
    compliance: ['NIST SP 800-53 AC-6', 'NIST SP 800-53 SC-7', cis.github('2.1.5')],
    platforms: ['github'],
    reads: ['attributes.visibility', 'attributes.allowsPublicRepositories'],
    dataRequirement:
      'Needs the self-hosted runner groups with visibility and allows_public_repositories (GET /orgs/{org}/actions/runner-groups).',
    tags: ['ci-cd', 'exposure'],
  },
  evaluate(v) {
    if (v.attributes.visibility !== 'all' || !v.attributes.allowsPublicRepositories) return null;
    return [
      ev('attributes.visibility', 'all', `runner group visibility per ${inventorySource(v)}`),
      ev(
        'attributes.allowsPublicRepositories',
        'true',
        `runner group allows_public_repositories per ${inventorySource(v)}`,
      ),
    ];
  },
});
