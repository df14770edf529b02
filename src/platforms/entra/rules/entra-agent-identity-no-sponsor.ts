import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ev } from '../../../analysis/risk/helpers.js';
import { entraFacts } from '../facts.js';

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-agent-identity-no-sponsor',
    title: 'Agent identity without a sponsor',
    severity: 'high',
    description:
      'An Entra Agent ID agent identity has no sponsor. The sponsor is the person accountable for an AI agent: who reviews its access, answers for what it does and offboards it. Without one the agent keeps its permissions after the project or the people behind it are gone, and lifecycle workflows (access reviews, sponsor-departure notices) skip it.',
    remediation:
      'Assign a sponsor (POST /servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors/$ref) who can vouch for the agent, or disable and delete the agent identity if nobody can.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 AC-2', 'NIST SP 800-53 AC-2(3)', 'PCI DSS 4.0 7.2.4'],
    platforms: ['entra'],
    reads: ['ownerClaims', 'attributes.sponsorCount'],
    dataRequirement:
      'Needs the agent identities and their sponsors (GET /servicePrincipals/microsoft.graph.agentIdentity?$expand=sponsors, AgentIdentity.Read.All); silent while they could not be read.',
    tags: ['ownership', 'offboarding', 'ai-agent'],
  },
  nativeTypes: ['agentIdentity'],
  evaluate(v) {
    if (v.attributes.sponsorCount !== 0) return null;
    return [
      ev(
        'attributes.sponsorCount',
        '0',
        `agent identity (blueprint ${v.attributes.agentIdentityBlueprintId ?? 'unknown'}) has no sponsor per GET /servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors`,
      ),
    ];
  },
});
