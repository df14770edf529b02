import type { Rule } from '../types.js';
import { ev } from '../helpers.js';

export const rule: Rule = {
  meta: {
    id: 'nhi-owner-departed',
    title: 'Owner has left the organisation',
    severity: 'high',
    description: 'The attributed owner is a person whose status is departed. Their automation keeps running with nobody accountable, and the person may still hold the secret.',
    remediation: 'Transfer ownership to the departed person\'s manager or team, rotate every credential the person could have seen, and review whether the identity is still needed.',
    owasp: 'NHI1:2025',
    compliance: ['PCI DSS 4.0 8.2.5', 'NIST SP 800-53 AC-2', 'NIST SP 800-53 PS-4'],
    platforms: 'all',
    dataRequirement: 'Needs the ownership analysis joined to people with a status (IdP or HR feed); evaluated on every platform.',
    tags: ['ownership', 'offboarding'],
  },
  evaluate(v) {
    if (v.owner?.status !== 'departed') return null;
    return [ev('owner.status', 'departed', `owner ${v.owner.email ?? v.owner.personId ?? '?'} is departed per people directory (attributed via ${v.owner.source ?? 'ownership resolution'})`)];
  },
};
