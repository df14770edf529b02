import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';
import { openRisk } from './risky-service-principal.js';

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-risky-service-principal',
    title: 'Service principal at high risk or confirmed compromised (Identity Protection)',
    severity: 'critical',
    description:
      'Microsoft Entra ID Protection rates this service principal at high risk and the risk is still open (atRisk), or an administrator confirmed it compromised. Its detections for workload identities are leaked credentials, sign-ins from unusual places or known attacker infrastructure, and suspicious changes to the application: someone else may be using its credentials now.',
    remediation:
      'Treat it as an incident: review its sign-in logs and recent directory changes, remove every password and certificate it has and issue new ones (prefer a managed identity or federated credential), revoke what it was granted that it does not need, then confirm compromised or dismiss in Identity Protection once investigated.',
    owasp: 'NHI2:2025',
    compliance: ['NIST SP 800-53 SI-4', 'NIST SP 800-53 IR-4', 'PCI DSS 4.0 12.10.5'],
    platforms: ['entra'],
    reads: ['attributes.riskLevel', 'attributes.riskState'],
    dataRequirement:
      'Needs GET /identityProtection/riskyServicePrincipals (IdentityRiskyServicePrincipal.Read.All and a Workload ID Premium licence); silent while it cannot be read.',
    tags: ['compromise', 'identity-protection'],
  },
  nativeTypes: ENTRA_NATIVE_TYPES,
  evaluate(v) {
    return openRisk(v, 'critical');
  },
});
