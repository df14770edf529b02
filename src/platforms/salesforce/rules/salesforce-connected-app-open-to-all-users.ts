import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { salesforceFacts } from '../facts.js';

export const rule = platformRule(salesforceFacts, {
  nativeTypes: ['connected_app'],
  meta: {
    id: 'salesforce-connected-app-open-to-all-users',
    title: 'Salesforce connected app any user may self-authorize',
    severity: 'medium',
    description:
      'The connected app\'s "Permitted Users" policy is "All users may self-authorize": any user of the org can grant it OAuth access to the data they see, with no administrator approval and no profile or permission-set list — how a third-party app spreads tokens across an org. (Its IP relaxation is in the Metadata API only, not in ConnectedApplication, so this rule cannot tell whether IP restrictions apply.)',
    remediation:
      'Set Permitted Users to "Admin approved users are pre-authorized", assign the app to the profiles or permission sets of the users who need it, and set IP Relaxation to "Enforce IP restrictions".',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 AC-3', 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.1', 'PCI DSS 4.0 7.2.2'],
    platforms: ['salesforce'],
    dataRequirement:
      "Needs each connected app's OptionsAllowAdminApprovedUsersOnly (ConnectedApplication) as attributes.adminApprovedOnly.",
    tags: ['oauth', 'connected-app', 'consent'],
  },
  evaluate(v) {
    if (v.attributes.adminApprovedOnly) return null;
    return [
      ev(
        'attributes.adminApprovedOnly',
        false,
        `OptionsAllowAdminApprovedUsersOnly false (all users may self-authorize) per ${inventorySource(v)}`,
      ),
    ];
  },
});
