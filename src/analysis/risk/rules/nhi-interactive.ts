import { genericRule } from '../generic-rule.js';
import { ev, inventorySource } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'nhi-interactive',
    title: 'Non-human identity can sign in interactively',
    severity: 'medium',
    description:
      'The identity has a console password or can sign in interactively, so a person can log in as it — bypassing the controls that apply to people.',
    remediation: 'Remove the console password / interactive sign-in; keep only programmatic credentials.',
    owasp: 'NHI10:2025',
    compliance: ['PCI DSS 4.0 8.6.1', 'NIST SP 800-53 AC-2', 'NIST SP 800-53 IA-2'],
    platforms: 'all',
    reads: ['interactive'],
    dataRequirement:
      'Needs identity.interactive, set by connectors that can see console passwords or interactive sign-in settings.',
    tags: ['human-use'],
  },
  evaluate(v) {
    return v.interactive ? [ev('interactive', true, `interactive sign-in possible per ${inventorySource(v)}`)] : null;
  },
});
