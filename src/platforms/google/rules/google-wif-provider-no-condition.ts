import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['workload_identity_provider'],
  meta: {
    id: 'google-wif-provider-no-condition',
    title: 'Workload identity OIDC provider without an attribute condition',
    severity: 'high',
    description:
      "An enabled OIDC provider of a workload identity pool has no attributeCondition: every token its issuer signs for the allowed audience is accepted. For a multi-tenant issuer such as GitHub Actions (token.actions.githubusercontent.com) that is any workflow in anyone's repository, which then holds whatever the pool's principals were granted.",
    remediation:
      "Add an attribute condition that pins the trusted subjects, e.g. assertion.repository_owner == 'your-org' (and the repository or workflow ref), and grant roles to principalSet members scoped to those attributes rather than to the whole pool.",
    owasp: 'NHI6:2025',
    compliance: ['NIST SP 800-53 AC-3', 'NIST SP 800-53 IA-8', 'PCI DSS 4.0 8.2.2'],
    platforms: ['google'],
    reads: ['enabled', 'attributes.attributeCondition', 'attributes.protocol'],
    dataRequirement:
      "Needs each provider's attributeCondition and protocol (iam workloadIdentityPools.providers.list).",
    tags: ['federation', 'trust', 'gcp'],
  },
  evaluate(v) {
    const a = v.attributes;
    if (!v.enabled || a.protocol !== 'oidc' || a.attributeCondition !== null) return null;
    const who = a.githubActions
      ? "any GitHub Actions workflow of anyone's repository"
      : `any subject of ${a.issuerUri ?? 'its issuer'}`;
    return [
      ev(
        'attributes.attributeCondition',
        null,
        `no attribute condition: ${who} can federate, per ${inventorySource(v)}`,
      ),
    ];
  },
});
