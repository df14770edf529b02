import { genericRule } from '../generic-rule.js';
import { collect, ev, permissionLabel, permissionSource } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'tenant-wide-grant',
    title: 'Grant covers the whole tenant',
    severity: 'high',
    description:
      'A permission applies to every user or resource of the tenant (admin consent for all users, domain-wide delegation, org-wide installation scope).',
    remediation:
      'Scope the grant to the users, groups or resources the integration needs, or replace admin consent with per-user consent.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5'],
    platforms: 'all',
    reads: ['permissions'],
    dataRequirement:
      'Needs permissions[].attributes.tenantWide, set by connectors whose vendor reports consent type or delegation scope.',
    tags: ['privilege', 'blast-radius'],
  },
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.attributes.tenantWide === true
        ? ev(
            `${permissionLabel(p, n)}.attributes.tenantWide`,
            p.nativeName,
            `tenant-wide grant per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
