import { cis } from '../../../analysis/risk/cis.js';
import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { BASIC_BROAD_ROLES, conditionNote } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-sa-owner-editor',
    title: 'Service account with the Owner or Editor role on a project',
    severity: 'high',
    description:
      'An enabled service account holds a basic role (roles/owner or roles/editor) on a project: read and write on nearly every resource of it and, with Owner, its IAM policy. Whoever holds a key of the account, or may act as it, holds all of that.',
    remediation:
      'Replace the basic role with predefined roles for what the workload does (IAM Recommender shows what it used), then remove the basic binding.',
    owasp: 'NHI5:2025',
    compliance: [cis.gcp('1.5'), 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.1'],
    platforms: ['google'],
    reads: ['permissions', 'enabled'],
    dataRequirement: "Needs each project's IAM policy (projects.getIamPolicy, version 3) bindings naming the account.",
    tags: ['privilege', 'gcp'],
  },
  evaluate(v) {
    if (!v.enabled) return null;
    return collect(v.permissions, (p, n) =>
      BASIC_BROAD_ROLES.has(p.nativeName)
        ? ev(
            permissionLabel(p, n),
            p.nativeName,
            `${p.nativeName} on ${p.resource}${conditionNote(p)} per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
