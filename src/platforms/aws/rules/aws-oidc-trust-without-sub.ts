import { ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { conditionKeysOf, GITHUB_OIDC_HOST, githubStatementOpen, trustedPrincipals } from '../connector/trust.js';
import { awsFacts } from '../facts.js';

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-oidc-trust-without-sub',
    title: 'Role trusts GitHub Actions OIDC without restricting the repository',
    severity: 'critical',
    description:
      "The role's trust policy accepts tokens from token.actions.githubusercontent.com but no condition pins the repository owner: no condition on the `sub` claim (nor on the repository, repository_id, job_workflow_ref or enterprise_id claims AWS STS validates since 2026), or only StringLike patterns whose owner is a wildcard (`*`, `repo:*`). A workflow in ANY GitHub repository (anyone's) can assume it.",
    remediation:
      'Add a StringEquals/StringLike condition on token.actions.githubusercontent.com:sub naming your organisation, repository and branch or environment (or on token.actions.githubusercontent.com:repository_id).',
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
      if (!githubStatementOpen(s)) continue;
      const keys = conditionKeysOf(s);
      const sub = `${GITHUB_OIDC_HOST}:sub`;
      const why = keys.includes(sub)
        ? `trust statement whose ${sub} patterns match any repository owner (${s.conditions
            .filter((c) => c.key.toLowerCase() === sub)
            .map((c) => `${c.operator} ${c.values.join(' | ')}`)
            .join('; ')})`
        : `trust statement without a condition on ${sub} (conditions: ${keys.join(', ') || 'none'})`;
      return [ev('attributes.trustPolicy', federated.join(', '), `${why} per IAM GetRole`)];
    }
    return null;
  },
});
