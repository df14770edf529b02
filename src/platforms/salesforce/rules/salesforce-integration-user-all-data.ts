import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { salesforceFacts } from '../facts.js';

/** System permissions that open every record of the org, whatever the sharing rules. */
const ALL_DATA = new Set(['ModifyAllData', 'ViewAllData']);

export const rule = platformRule(salesforceFacts, {
  nativeTypes: ['integration_user'],
  meta: {
    id: 'salesforce-integration-user-all-data',
    title: 'Salesforce integration user with Modify All Data or View All Data',
    severity: 'high',
    description:
      'An integration user holds Modify All Data or View All Data through its profile or a permission set: every token or session of the integration reads (or changes) every record of the org regardless of sharing — the bulk export a stolen integration credential needs.',
    remediation:
      'Give the integration user the Minimum Access - API Only Integrations profile and a permission set with object and field permissions for the data it syncs only; remove Modify All Data and View All Data.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'NIST SP 800-53 AC-6(5)', 'PCI DSS 4.0 7.2.1', 'PCI DSS 4.0 7.2.2'],
    platforms: ['salesforce'],
    reads: ['permissions'],
    dataRequirement:
      "Needs the integration user's permission set assignments (PermissionSetAssignment, profiles' permission sets included) as permissions.",
    tags: ['privilege', 'integration-user'],
  },
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      ALL_DATA.has(p.nativeName)
        ? ev(permissionLabel(p, n), p.nativeName, `${p.nativeName} granted by ${permissionSource(p, v)}`)
        : null,
    );
  },
});
