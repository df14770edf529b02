import { ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { conditionKeysOf, GITHUB_OIDC_HOST, trustedPrincipals } from '../connector/trust.js';
import { awsFacts } from '../facts.js';

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-oidc-trust-without-sub',
    title: 'Role trusts GitHub Actions OIDC without restricting the subject',
    severity: 'critical',
    description:
      "The role's trust policy accepts tokens from token.actions.githubusercontent.com but sets no condition on the `sub` claim, so a workflow in ANY GitHub repository (anyone's) can assume it.",
    remediation:
      'Add a StringEquals/StringLike condition on token.actions.githubusercontent.com:sub naming your organisation, repository and branch or environment.',
    owasp: 'NHI6:2025',
    compliance: ['NIST SP 800-53 AC-3', 'NIST SP 800-53 IA-5'],
    platforms: ['aws'],
    reads: ['attributes.trust'],
    dataRequirement: 'Needs IAM roles with their trust policy (AssumeRolePolicyDocument) parsed into attributes.trust.',
    tags: ['federation', 'ci'],
  },
  nativeTypes: ['role'],
  evaluate(v) {
    for (const s of v.attributes.trust) {
      const federated = trustedPrincipals(s, 'Federated');
      if (s.effect !== 'Allow' || !federated.some((f) => f.includes(GITHUB_OIDC_HOST))) continue;
      const keys = conditionKeysOf(s);
      if (keys.includes(`${GITHUB_OIDC_HOST}:sub`)) continue;
      return [
        ev(
          'attributes.trustPolicy',
          federated.join(', '),
          `trust statement without a condition on ${GITHUB_OIDC_HOST}:sub (conditions: ${keys.join(', ') || 'none'}) per IAM GetRole`,
        ),
      ];
    }
    return null;
  },
});
