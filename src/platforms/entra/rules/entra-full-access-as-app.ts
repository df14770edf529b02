import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-full-access-as-app',
    title: 'Service principal can access every mailbox (full_access_as_app)',
    severity: 'critical',
    description:
      'The service principal holds the Exchange Online application permission full_access_as_app: full access to every mailbox of the organisation through EWS, without a signed-in user.',
    remediation:
      'Replace it with Graph Mail permissions restricted by an application access policy (or RBAC for Applications) to the mailboxes the app needs.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5'],
    platforms: ['entra'],
    reads: ['permissions'],
    dataRequirement:
      "Needs the service principal's app role assignments resolved to permission names (GET /servicePrincipals/{id}/appRoleAssignments).",
    tags: ['privilege', 'data-access'],
  },
  nativeTypes: ENTRA_NATIVE_TYPES,
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.nativeName === 'full_access_as_app'
        ? ev(permissionLabel(p, n), p.nativeName, `application permission per ${permissionSource(p, v)}`)
        : null,
    );
  },
});
