import { cis } from '../../../analysis/risk/cis.js';
import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { BASIC_BROAD_ROLES, conditionNote } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-default-sa-broad-role',
    title: 'Default service account with a basic role',
    severity: 'high',
    description:
      'The Compute Engine or App Engine default service account holds roles/owner or roles/editor, which Google grants it automatically unless the organization policy iam.automaticIamGrantsForDefaultServiceAccounts is enforced. Every VM, function or app that runs as the default account — often by accident — gets the whole project.',
    remediation:
      'Give each workload its own service account with the roles it needs, remove the basic role from the default account (or disable the account), and enforce constraints/iam.automaticIamGrantsForDefaultServiceAccounts.',
    owasp: 'NHI5:2025',
    compliance: [cis.gcp('4.1'), cis.gcp('1.5'), 'NIST SP 800-53 AC-6', 'NIST SP 800-53 CM-7'],
    platforms: ['google'],
    reads: ['permissions', 'enabled', 'attributes.defaultServiceAccount'],
    dataRequirement:
      'Needs the service account email (the default accounts are N-compute@developer.gserviceaccount.com and PROJECT@appspot.gserviceaccount.com) and the project IAM policy.',
    tags: ['privilege', 'default-account', 'gcp'],
  },
  evaluate(v) {
    const kind = v.attributes.defaultServiceAccount;
    if (!v.enabled || kind === null) return null;
    const hits = collect(v.permissions, (p, n) =>
      BASIC_BROAD_ROLES.has(p.nativeName)
        ? ev(
            permissionLabel(p, n),
            p.nativeName,
            `${p.nativeName} on ${p.resource}${conditionNote(p)} per ${permissionSource(p, v)}`,
          )
        : null,
    );
    if (!hits?.length) return null;
    return [
      ev(
        'attributes.defaultServiceAccount',
        kind,
        `${v.attributes.email} is the ${kind.replace('_', ' ')} default account`,
      ),
      ...hits,
    ];
  },
});
