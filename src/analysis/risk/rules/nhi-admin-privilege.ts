import { genericRule } from '../generic-rule.js';
import { collect, ev, permissionLabel, permissionSource } from '../helpers.js';
import { cis } from '../cis.js';

export const rule = genericRule({
  meta: {
    id: 'nhi-admin-privilege',
    title: 'Identity holds administrator privilege',
    severity: 'high',
    description:
      'The identity holds a permission whose normalized access is admin, or one that lets it make itself (or anyone) an administrator. A leaked credential of this identity is a tenant takeover.',
    remediation:
      'Replace the admin grant with the narrowest permissions the workload uses (check last-used data per permission); keep admin only behind just-in-time elevation.',
    owasp: 'NHI5:2025',
    compliance: ['PCI DSS 4.0 7.2.5', 'NIST SP 800-53 AC-6', 'NIST SP 800-53 AC-6(5)', cis.aws('2.14')],
    platforms: 'all',
    reads: ['permissions'],
    dataRequirement:
      "Needs permissions with a normalized access tier and pathToAdmin from the platform's permission mapping table.",
    tags: ['privilege'],
  },
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.access === 'admin' || p.pathToAdmin
        ? ev(
            permissionLabel(p, n),
            `${p.nativeName} on ${p.resource}`,
            `${p.access === 'admin' ? 'admin access' : 'path to admin'} per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
