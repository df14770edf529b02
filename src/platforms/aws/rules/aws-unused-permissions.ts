import { ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { awsFacts } from '../facts.js';

/** Access Analyzer finding types that say granted access went unused: the whole role, or some of its permissions. */
const UNUSED_PERMISSION_TYPES: Record<string, string> = {
  UnusedIAMRole: 'the role was not used at all',
  UnusedPermission: 'it holds service permissions it did not use',
};

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-unused-permissions',
    title: 'IAM role or user with permissions unused for N days (Access Analyzer)',
    severity: 'medium',
    description:
      "IAM Access Analyzer's unused-access analyzer reports that this role was not used, or that this user or role holds service permissions it did not use, for longer than the analyzer's unusedAccessAge (N days). Standing permissions nobody uses are pure attack surface: a leaked credential or a confused deputy gets them, and no workload would notice their removal.",
    remediation:
      "Review the finding in IAM Access Analyzer (it lists the unused services and actions); delete an unused role, or replace the role's or user's policies with ones scoped to what was used (Access Analyzer's recommended policy), then archive the finding.",
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6(7)', 'PCI DSS 4.0 7.2.5.1'],
    platforms: ['aws'],
    reads: ['attributes.unusedAccess'],
    dataRequirement:
      'Needs an ACTIVE IAM Access Analyzer analyzer of type ACCOUNT_UNUSED_ACCESS in the account and its ACTIVE findings (ListFindingsV2) as attributes.unusedAccess; without such an analyzer the facts are null and the rule says nothing.',
    tags: ['least-privilege', 'unused'],
  },
  nativeTypes: ['user', 'role'],
  evaluate(v) {
    const unused = v.attributes.unusedAccess;
    if (!unused) return null;
    const days = unused.unusedAccessAge === null ? 'N' : String(unused.unusedAccessAge);
    const found = unused.findingTypes.filter((t) => t in UNUSED_PERMISSION_TYPES);
    if (found.length === 0) return null;
    return found.map((t) =>
      ev(
        'attributes.unusedAccess.findingTypes',
        t,
        `${UNUSED_PERMISSION_TYPES[t]} for more than ${days} days per an ACTIVE IAM Access Analyzer ${t} finding (ListFindingsV2)`,
      ),
    );
  },
});
