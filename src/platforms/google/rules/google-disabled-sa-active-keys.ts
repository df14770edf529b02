import { collect, ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { keyLabel } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-disabled-sa-active-keys',
    title: 'Disabled service account that still has enabled keys',
    severity: 'medium',
    description:
      'The service account is disabled, but its user-managed keys are enabled: re-enabling the account (serviceAccounts.enable, one call by anyone with roles/iam.serviceAccountAdmin) brings every copy of those keys back to life. Disabling was meant as offboarding; the keys make it reversible by whoever holds them.',
    remediation:
      'Delete (or at least disable) the keys of the disabled account; if the account is no longer needed, delete it after the grace period.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 AC-2(3)', 'PCI DSS 4.0 8.2.6'],
    platforms: ['google'],
    reads: ['enabled', 'credentials'],
    dataRequirement: "Needs serviceAccounts.list's disabled flag and the account's user-managed keys (keys.list).",
    tags: ['offboarding', 'credential', 'gcp'],
  },
  evaluate(v) {
    if (v.enabled) return null;
    const keys = collect(v.credentials, (c) =>
      c.enabled ? ev(`${keyLabel(c)}.enabled`, true, `key ${c.id} enabled per iam keys.list`) : null,
    );
    if (!keys?.length) return null;
    return [ev('enabled', false, `service account disabled per ${inventorySource(v)}`), ...keys];
  },
});
