import type { Rule } from '../../../analysis/risk/types.js';
import {
  attr,
  collect,
  ev,
  inventorySource,
  permissionLabel,
  permissionSource,
} from '../../../analysis/risk/helpers.js';

const SENSITIVE = new Set(['administration', 'secrets', 'workflows', 'organization_administration']);

/** GitHub permission names as the connector stores them: "secrets", or "secrets:write". */
const baseName = (nativeName: string): string => nativeName.split(':')[0];

export const rule: Rule = {
  meta: {
    id: 'github-app-org-wide-sensitive-write',
    title: 'GitHub App installed on all repositories with sensitive write access',
    severity: 'high',
    description:
      'A GitHub App installation covers every repository of the organisation (repository_selection "all") and can write administration, secrets, workflows or organization administration. Its private key is a key to the whole organisation\'s code and CI.',
    remediation:
      "Change the installation to selected repositories and drop the write permissions it does not use; review the app's publisher.",
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5'],
    platforms: ['github'],
    dataRequirement:
      'Needs GitHub App installations with attributes.repositorySelection and installation permissions (GET /orgs/{org}/installations).',
    tags: ['privilege', 'supply-chain'],
  },
  evaluate(v) {
    // App installations only: a fine-grained PAT can also say repository_selection "all" but is its own rule.
    if (v.kind !== 'oauth_app') return null;
    const selection = attr(v.attributes, 'repositorySelection', 'repository_selection');
    if (selection !== 'all') return null;
    const hits = collect(v.permissions, (p, n) =>
      SENSITIVE.has(baseName(p.nativeName)) && (p.access === 'write' || p.access === 'admin')
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
};
