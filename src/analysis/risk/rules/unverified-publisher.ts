import { genericRule } from '../generic-rule.js';
import { ev, inventorySource } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'unverified-publisher',
    title: 'Third-party app from an unverified publisher',
    severity: 'medium',
    description:
      'The identity belongs to a third-party app whose publisher the platform has not verified. Consent phishing and malicious OAuth apps rely on exactly this.',
    remediation:
      'Check who publishes the app and why it was installed; remove it or restrict consent to verified publishers.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 SA-9', 'NIST SP 800-53 AC-20'],
    platforms: 'all',
    reads: [],
    dataRequirement:
      'Needs identity.thirdParty and identity.publisher with its verified flag (platforms that report publisher verification).',
    tags: ['third-party'],
  },
  evaluate(v) {
    if (!v.thirdParty || !v.publisher || v.publisher.verified) return null;
    return [
      ev(
        'publisher.verified',
        false,
        `publisher ${v.publisher.name ?? '(unnamed)'}${v.publisher.domain ? ` (${v.publisher.domain})` : ''} is not verified per ${inventorySource(v)}`,
      ),
    ];
  },
});
