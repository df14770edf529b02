import { collect, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { keyLabel } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-sa-key-exposed',
    title: 'Service account key Google detected as exposed, still enabled',
    severity: 'critical',
    description:
      "Google found this key's private half in public (a public repository, a paste site) or saw signs of its compromise — extendedStatus SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED or …_COMPROMISE_DETECTED — and the key is still enabled, so whoever found it can act as the service account.",
    remediation:
      "Delete the key now (gcloud iam service-accounts keys delete), review the service account's activity in Cloud Audit Logs since the exposure, and set constraints/iam.serviceAccountKeyExposureResponse to DISABLE_KEY so Google disables exposed keys itself.",
    owasp: 'NHI2:2025',
    compliance: ['NIST SP 800-53 IA-5(7)', 'NIST SP 800-53 IR-4', 'PCI DSS 4.0 8.3.9'],
    platforms: ['google'],
    reads: ['credentials'],
    dataRequirement:
      "Needs each user-managed key's extendedStatus and disableReason (iam keys.list) as credentials[].attributes.exposed.",
    tags: ['credential', 'leak', 'gcp'],
  },
  evaluate(v) {
    return collect(v.credentials, (c) =>
      c.enabled && c.attributes.exposed
        ? ev(
            `${keyLabel(c)}.attributes.extendedStatus`,
            c.attributes.extendedStatus,
            `key ${c.id} enabled with ${[...c.attributes.extendedStatus, c.attributes.disableReason].filter(Boolean).join(', ')} per iam keys.list`,
          )
        : null,
    );
  },
});
