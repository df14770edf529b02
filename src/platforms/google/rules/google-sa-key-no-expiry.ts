import { cis } from '../../../analysis/risk/cis.js';
import { collect, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { keyLabel } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-sa-key-no-expiry',
    title: 'Service account key that never expires',
    severity: 'medium',
    description:
      "An enabled user-managed service-account key has no expiry: Google's validBeforeTime is 9999-12-31, its value when no key-expiry policy applies. Such a key stays valid until someone deletes it, however long it is forgotten.",
    remediation:
      'Set the organization policy constraints/iam.serviceAccountKeyExpiryHours so new keys expire, replace this key with one that does, or remove keys entirely in favour of attached service accounts or workload identity federation.',
    owasp: 'NHI7:2025',
    compliance: [cis.gcp('1.4'), 'PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5'],
    platforms: ['google'],
    reads: ['credentials'],
    dataRequirement: "Needs each user-managed key's validBeforeTime (iam keys.list) as expiresAt; year 9999 = none.",
    tags: ['credential', 'lifetime', 'gcp'],
  },
  evaluate(v) {
    return collect(v.credentials, (c) =>
      c.enabled && c.expiresAt === null
        ? ev(
            `${keyLabel(c)}.expiresAt`,
            null,
            `user-managed key ${c.id} valid until 9999-12-31 (no expiry) per iam keys.list`,
          )
        : null,
    );
  },
});
