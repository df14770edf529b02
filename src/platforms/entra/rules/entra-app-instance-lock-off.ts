import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ev } from '../../../analysis/risk/helpers.js';
import { entraFacts } from '../facts.js';

/** signInAudience values whose apps other tenants can consent to, and so hold a service principal of. */
const MULTI_TENANT = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-app-instance-lock-off',
    title: 'Multi-tenant app without an instance property lock on credentials',
    severity: 'medium',
    description:
      "A multi-tenant application has no app instance property lock covering credentials (servicePrincipalLockConfiguration absent, disabled, or without allProperties/credentialsWithUsageVerify). In every tenant that consented to it, that tenant's admins — or an attacker holding such a role there — can add a secret or certificate to the app's service principal and sign in as the app with the permissions it was granted there, under the app's name.",
    remediation:
      'Turn the lock on for the application: PATCH /applications/{id} with servicePrincipalLockConfiguration {isEnabled: true, allProperties: true} (or at least credentialsWithUsageVerify and credentialsWithUsageSign), Entra admin center › App registrations › Authentication › App instance property lock.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 CM-6', 'NIST SP 800-53 AC-3', 'PCI DSS 4.0 2.2.1'],
    platforms: ['entra'],
    reads: ['attributes.signInAudience', 'attributes.instanceLockOnCredentials'],
    dataRequirement:
      'Needs the applications list with servicePrincipalLockConfiguration selected (GET /applications, Application.Read.All); silent for service principals of apps registered elsewhere.',
    tags: ['credentials', 'multi-tenant', 'configuration'],
  },
  nativeTypes: ['application'],
  evaluate(v) {
    const { signInAudience, instanceLockOnCredentials } = v.attributes;
    if (!signInAudience || !MULTI_TENANT.has(signInAudience) || instanceLockOnCredentials !== false) return null;
    return [
      ev(
        'attributes.instanceLockOnCredentials',
        'false',
        `signInAudience ${signInAudience}; servicePrincipalLockConfiguration does not lock credentialsWithUsageVerify per GET /applications`,
      ),
    ];
  },
});
