import { collect, credentialLabel, day, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { awsFacts } from '../facts.js';
import { cis } from '../../../analysis/risk/cis.js';

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-root-access-key',
    title: 'AWS account root user has an active access key',
    severity: 'critical',
    description:
      'The root user of the account has an active access key. Root cannot be limited by IAM policies or permission boundaries; its key is unrestricted control of the account and its billing.',
    remediation:
      'Delete the root access key (after moving any use to an IAM role), enable MFA on root and lock the root credentials away.',
    owasp: 'NHI5:2025',
    compliance: [cis.aws('2.4'), 'NIST SP 800-53 AC-6(5)', 'PCI DSS 4.0 7.2.5'],
    platforms: ['aws'],
    reads: ['credentials'],
    dataRequirement: 'Needs the IAM credential report row for <root_account> (access_key_N_active).',
    tags: ['privilege', 'credential'],
  },
  nativeTypes: ['root'],
  evaluate(v) {
    return collect(v.credentials, (c, n) =>
      c.enabled && c.type === 'access_key'
        ? ev(
            credentialLabel(c, n),
            c.id,
            `active root access key created ${day(c.createdAt)} per ${c.lastUsedSource ?? 'IAM credential report'}`,
          )
        : null,
    );
  },
});
