import type { Rule } from '../../../analysis/risk/types.js';
import { ev } from '../../../analysis/risk/helpers.js';
import { ownAccount, principalAccount, trustStatements } from './aws-policy.js';

export const rule: Rule = {
  meta: {
    id: 'aws-cross-account-no-external-id',
    title: 'Cross-account role trust without an external id',
    severity: 'medium',
    description:
      'The role can be assumed from another AWS account and the trust policy has no sts:ExternalId condition. If that account belongs to a vendor serving many customers, the vendor can be tricked into acting on this account (confused deputy).',
    remediation:
      'Add a Condition StringEquals sts:ExternalId with the unique value the vendor gives you, or remove the trust.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 AC-3', 'NIST SP 800-53 SA-9'],
    platforms: ['aws'],
    dataRequirement:
      'Needs IAM roles with their trust policy (attributes.trustPolicy) and the account id (attributes.accountId or the role ARN).',
    tags: ['federation', 'third-party'],
  },
  evaluate(v) {
    const statements = trustStatements(v.attributes);
    if (!statements) return null;
    const own = ownAccount(v);
    for (const s of statements) {
      if (s.effect !== 'Allow') continue;
      const foreign = s.principals.aws.filter((p) => {
        const acct = principalAccount(p);
        return acct !== null && acct !== own;
      });
      if (foreign.length === 0 || s.conditionKeys.includes('sts:externalid')) continue;
      return [
        ev(
          'attributes.trustPolicy',
          foreign.join(', '),
          `trusted by another account (own account ${own ?? 'unknown'}) with no sts:ExternalId condition per IAM GetRole`,
        ),
      ];
    }
    return null;
  },
};
