import { genericRule } from '../generic-rule.js';
import { ev, inventorySource } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'nhi-used-by-human',
    title: 'Non-human identity used by a person',
    severity: 'high',
    description:
      'There is evidence that a person used this identity (e.g. a console sign-in). Shared machine accounts used by people break accountability and usually carry more privilege than the person should.',
    remediation:
      "Give the person their own access, rotate the identity's credentials, and remove interactive access from it.",
    owasp: 'NHI10:2025',
    compliance: ['PCI DSS 4.0 8.6.1', 'PCI DSS 4.0 8.2.2', 'NIST SP 800-53 AC-2'],
    platforms: 'all',
    reads: ['attributes.humanUseEvidence'],
    dataRequirement: 'Needs identity.attributes.humanUseEvidence, set by connectors that read sign-in or audit data.',
    tags: ['human-use'],
  },
  evaluate(v) {
    const e = v.attributes.humanUseEvidence;
    return typeof e === 'string' && e.length > 0
      ? [ev('attributes.humanUseEvidence', e, `${inventorySource(v)} sign-in/audit data`)]
      : null;
  },
});
