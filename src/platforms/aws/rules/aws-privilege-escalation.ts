import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { awsFacts } from '../facts.js';

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-privilege-escalation',
    title: 'Permission that can escalate to administrator',
    severity: 'high',
    description:
      'The identity is not an administrator but holds a permission that lets it become one (iam:PassRole with a compute create, iam:CreateAccessKey on any user, iam:AttachUserPolicy, iam:CreatePolicyVersion...). It is admin with one extra step.',
    remediation:
      'Remove the escalation permission or restrict its resources (specific roles for PassRole, own user for CreateAccessKey) and add a permissions boundary.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'NIST SP 800-53 AC-6(1)', 'PCI DSS 4.0 7.2.5'],
    platforms: ['aws'],
    reads: ['permissions'],
    dataRequirement: 'Needs IAM policy permissions with pathToAdmin from the AWS privilege-escalation mapping table.',
    tags: ['privilege', 'escalation'],
  },
  nativeTypes: ['user', 'role', 'root'],
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.pathToAdmin && p.access !== 'admin'
        ? ev(
            permissionLabel(p, n),
            `${p.nativeName} on ${p.resource}`,
            `escalation path to admin per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
