import { cis } from '../../../analysis/risk/cis.js';
import { collect, day, daysSince, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { keyRotationDays } from '../risks-cloud.js';
import { keyLabel } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-sa-key-not-rotated',
    title: 'Service account key older than the rotation period',
    severity: 'medium',
    description:
      'An enabled user-managed key of a Google Cloud service account was created (validAfterTime) more than `rotationDays` ago, or 90 days (CIS GCP 1.7) when that is shorter. Service-account keys are the longest-lived secrets in most Google Cloud estates: JSON key files are copied to laptops, CI variables and images, and each copy stays valid until the key is deleted.',
    remediation:
      'Create a new key, move the workload to it, then disable and delete the old one (gcloud iam service-accounts keys disable / delete). Better: drop keys altogether (attached service accounts, workload identity federation) and enforce constraints/iam.disableServiceAccountKeyCreation.',
    owasp: 'NHI7:2025',
    compliance: [cis.gcp('1.7'), 'PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5(1)'],
    platforms: ['google'],
    reads: ['credentials'],
    dataRequirement:
      "Needs each service account's user-managed keys (iam keys.list keyTypes=USER_MANAGED) with validAfterTime as createdAt.",
    tags: ['credential', 'rotation', 'gcp'],
  },
  evaluate(v, ctx) {
    const maxAge = keyRotationDays(ctx.thresholds.rotationDays);
    return collect(v.credentials, (c) => {
      if (!c.enabled) return null;
      const age = daysSince(c.createdAt, ctx);
      if (age === null || age <= maxAge) return null;
      return ev(
        `${keyLabel(c)}.createdAt`,
        c.createdAt,
        `user-managed key ${c.id} created ${day(c.createdAt)} (${Math.floor(age)} days ago, rotation period ${maxAge}) per iam keys.list`,
      );
    });
  },
});
