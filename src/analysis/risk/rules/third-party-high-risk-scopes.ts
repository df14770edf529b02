import { genericRule } from '../generic-rule.js';
import { collect, ev, permissionLabel, permissionSource } from '../helpers.js';
import { cis } from '../cis.js';

export const rule = genericRule({
  meta: {
    id: 'third-party-high-risk-scopes',
    title: 'Third-party app can write highly sensitive data',
    severity: 'high',
    description:
      'An identity built and run outside the organisation holds write or admin access to highly sensitive data. A breach of that vendor becomes a breach of this tenant.',
    remediation:
      'Review the vendor and what the integration needs; reduce the grant to read or to specific resources, or remove the app.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 SA-9', 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5', cis.m365('5.1.5.1')],
    platforms: 'all',
    reads: ['permissions'],
    dataRequirement: 'Needs identity.thirdParty and permissions with normalized access and sensitivity.',
    tags: ['third-party', 'privilege'],
  },
  evaluate(v) {
    if (!v.thirdParty) return null;
    return collect(v.permissions, (p, n) =>
      (p.access === 'write' || p.access === 'admin') && p.sensitivity === 'high'
        ? ev(
            permissionLabel(p, n),
            `${p.nativeName} (${p.access}, high sensitivity) on ${p.resource}`,
            `third-party ${v.publisher?.name ?? 'publisher'} grant per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
