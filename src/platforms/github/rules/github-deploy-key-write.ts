import type { Rule } from '../../../analysis/risk/types.js';
import { attr, ev, inventorySource } from '../../../analysis/risk/helpers.js';

export const rule: Rule = {
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
    dataRequirement:
      'Needs GitHub deploy keys with their read_only flag (GET /repos/{owner}/{repo}/keys) as attributes.readOnly.',
    tags: ['privilege', 'supply-chain'],
  },
  evaluate(v) {
    if (v.kind !== 'deploy_key') return null;
    const readOnly = attr(v.attributes, 'readOnly', 'read_only');
    if (readOnly === false)
      return [ev('attributes.readOnly', false, `deploy key read_only false per ${inventorySource(v)}`)];
    if (readOnly === undefined && v.permissions.some((p) => p.access !== 'read')) {
      return [
        ev(
          'permissions',
          v.permissions.map((p) => `${p.nativeName}:${p.access}`).join(', '),
          `deploy key grants write per ${inventorySource(v)}`,
        ),
      ];
    }
    return null;
  },
};
