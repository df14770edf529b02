import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';
import { openRisk } from './risky-service-principal.js';

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-risky-service-principal-medium',
    title: 'Service principal at medium risk (Identity Protection)',
    severity: 'high',
    description:
      'Microsoft Entra ID Protection rates this service principal at medium risk and the risk is still open (atRisk): a detection such as a suspicious sign-in or a credential seen somewhere it should not be has not been investigated yet.',
    remediation:
      'Review the detection and the principal’s recent sign-ins; if its use cannot be explained, rotate its credentials and confirm it compromised, otherwise dismiss the risk in Identity Protection.',
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
    return openRisk(v, 'high');
  },
});
