import { collect, ev, inventorySource, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ORG_WIDE_SENSITIVE_KEYS } from '../connector/permission-map.js';
import { githubFacts } from '../facts.js';
import { cis } from '../../../analysis/risk/cis.js';

const SENSITIVE = new Set(ORG_WIDE_SENSITIVE_KEYS);

// App installations only: a fine-grained PAT can also say repository_selection "all" but is its own rule.
export const rule = platformRule(githubFacts, {
  nativeTypes: ['installation'],
  meta: {
    id: 'github-app-org-wide-sensitive-write',
    title: 'GitHub App installed on all repositories with sensitive write access',
    severity: 'high',
    description:
      'A GitHub App installation covers every repository of the organisation (repository_selection "all") and can write administration, secrets, workflows or organization administration. Its private key is a key to the whole organisation\'s code and CI.',
    remediation:
      "Change the installation to selected repositories and drop the write permissions it does not use; review the app's publisher.",
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5', cis.github('1.4.3')],
    platforms: ['github'],
    reads: ['attributes.repositorySelection', 'permissions'],
    dataRequirement:
      'Needs GitHub App installations with attributes.repositorySelection and installation permissions (GET /orgs/{org}/installations).',
    tags: ['privilege', 'supply-chain'],
  },
  evaluate(v) {
    if (v.attributes.repositorySelection !== 'all') return null;
    const hits = collect(v.permissions, (p, n) =>
      SENSITIVE.has(p.attributes.key) && (p.access === 'write' || p.access === 'admin')
        ? ev(
            permissionLabel(p, n),
            `${p.nativeName} (${p.access})`,
            `installation permission per ${permissionSource(p, v)}`,
          )
        : null,
    );
    return hits
      ? [
          ev('attributes.repositorySelection', 'all', `installation covers all repositories per ${inventorySource(v)}`),
          ...hits,
        ]
      : null;
  },
});
