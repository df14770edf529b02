import type { Rule } from '../../../analysis/risk/types.js';
import { collect, credentialLabel, day, ev } from '../../../analysis/risk/helpers.js';

/** The account root user: nativeType "root", attributes.isRoot, or the credential report's "<root_account>". */
export const isRootUser = (v: {
  nativeType: string;
  name: string;
  attributes: Record<string, unknown>;
  nativeId: string;
}): boolean =>
  v.nativeType === 'root' || v.attributes.isRoot === true || v.name === '<root_account>' || /:root$/.test(v.nativeId);

export const rule: Rule = {
  meta: {
    id: 'aws-root-access-key',
    title: 'AWS account root user has an active access key',
    severity: 'critical',
    description:
      'The root user of the account has an active access key. Root cannot be limited by IAM policies or permission boundaries; its key is unrestricted control of the account and its billing.',
    remediation:
      'Delete the root access key (after moving any use to an IAM role), enable MFA on root and lock the root credentials away.',
    owasp: 'NHI5:2025',
    compliance: ['CIS AWS Foundations 1.4', 'NIST SP 800-53 AC-6(5)', 'PCI DSS 4.0 7.2.5'],
    platforms: ['aws'],
    dataRequirement: 'Needs the IAM credential report row for <root_account> (access_key_N_active).',
    tags: ['privilege', 'credential'],
  },
  evaluate(v) {
    if (!isRootUser(v)) return null;
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
};
