import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-directory-readwrite-all',
    title: 'Service principal holds Directory.ReadWrite.All',
    severity: 'high',
    description:
      'The service principal holds Directory.ReadWrite.All (application or delegated): it can change users, groups and applications across the directory, which is a short path to Global Administrator.',
    remediation:
      'Replace it with the narrowest Graph permissions the app uses (User.Read.All, Group.ReadWrite.All on specific groups...), and review who consented.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5'],
    platforms: ['entra'],
    reads: ['permissions'],
    dataRequirement:
      'Needs app role assignments and delegated permission grants (oauth2PermissionGrants) of the service principal.',
    tags: ['privilege'],
  },
  nativeTypes: ENTRA_NATIVE_TYPES,
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.nativeName === 'Directory.ReadWrite.All'
        ? ev(permissionLabel(p, n), p.nativeName, `${p.source || 'Graph'} grant per ${permissionSource(p, v)}`)
        : null,
    );
  },
});
