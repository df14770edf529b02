import { ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { conditionKeysOf, principalAccount, trustedPrincipals } from '../connector/trust.js';
import { awsFacts } from '../facts.js';

const ACCOUNT_ID = /^\d{12}$/;

/** The role's own account: attributes.accountId, else its ARN's, else a 12-digit tenant. */
function ownAccount(v: { tenant: string; attributes: { accountId: string; arn?: string } }): string | null {
  if (ACCOUNT_ID.test(v.attributes.accountId)) return v.attributes.accountId;
  const fromArn = v.attributes.arn ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(v.attributes.arn)?.[1] : undefined;
  if (fromArn) return fromArn;
  return ACCOUNT_ID.test(v.tenant) ? v.tenant : null;
}

export const rule = platformRule(awsFacts, {
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
    reads: ['attributes.accountId', 'attributes.arn', 'attributes.trust'],
    dataRequirement:
      'Needs IAM roles with their trust policy parsed into attributes.trust, and the account id (attributes.accountId or the role ARN).',
    tags: ['federation', 'third-party'],
  },
  nativeTypes: ['role'],
  evaluate(v) {
    const own = ownAccount(v);
    for (const s of v.attributes.trust) {
      if (s.effect !== 'Allow') continue;
      const foreign = trustedPrincipals(s, 'AWS').filter((p) => {
        const acct = principalAccount(p);
        return acct !== null && acct !== own;
      });
      if (foreign.length === 0 || conditionKeysOf(s).includes('sts:externalid')) continue;
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
});
