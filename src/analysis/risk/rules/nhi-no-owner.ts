import { genericRule } from '../generic-rule.js';
import { ev } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'nhi-no-owner',
    title: 'No owner can be attributed',
    severity: 'medium',
    description:
      'Neither ownership resolution nor any vendor statement (owner, creator, installer, consenting user, tag) names a person or team for this identity. Nobody will rotate, review or offboard it.',
    remediation:
      'Assign an owner (`steward owners assign`) or tag the identity with its owning team at the vendor; disable it if nobody claims it.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 AC-2', 'PCI DSS 4.0 7.2.5'],
    platforms: 'all',
    reads: ['ownerClaims', 'createdBy', 'attributes'],
    dataRequirement:
      "Needs the ownership analysis (the owner table) and the connector's owner claims; evaluated on every platform.",
    tags: ['ownership'],
  },
  evaluate(v) {
    if (v.owner || v.ownerClaims.length > 0) return null;
    return [
      ev(
        'owner',
        null,
        'ownership resolution found no owner and the vendor data names no owner, creator, installer or tag',
      ),
    ];
  },
});
