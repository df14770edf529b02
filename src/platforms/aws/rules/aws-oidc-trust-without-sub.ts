import type { Rule } from '../../../analysis/risk/types.js';
import { ev } from '../../../analysis/risk/helpers.js';
import { trustStatements } from './aws-policy.js';

const GITHUB_OIDC = 'token.actions.githubusercontent.com';

export const rule: Rule = {
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
    dataRequirement: 'Needs IAM roles with their trust policy (AssumeRolePolicyDocument) in attributes.trustPolicy.',
    tags: ['federation', 'ci'],
  },
  evaluate(v) {
    const statements = trustStatements(v.attributes);
    if (!statements) return null;
    for (const s of statements) {
      if (s.effect !== 'Allow' || !s.principals.federated.some((f) => f.includes(GITHUB_OIDC))) continue;
      if (s.conditionKeys.some((k) => k === `${GITHUB_OIDC}:sub`)) continue;
      return [
        ev(
          'attributes.trustPolicy',
          s.principals.federated.join(', '),
          `trust statement without a condition on ${GITHUB_OIDC}:sub (conditions: ${s.conditionKeys.join(', ') || 'none'}) per IAM GetRole`,
        ),
      ];
    }
    return null;
  },
};
