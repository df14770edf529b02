import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { slackFacts } from '../facts.js';

export const rule = platformRule(slackFacts, {
  nativeTypes: ['app'],
  meta: {
    id: 'slack-third-party-app-sensitive-scopes',
    title: 'Third-party Slack app with high-risk scopes',
    severity: 'high',
    description:
      "An approved app built outside the organisation holds scopes that read message history or files, read every member's e-mail, post into any channel or administer the workspace. Its tokens live on the vendor's servers: a breach there (or a malicious update) reads or writes the workspace's conversations with no user in the loop.",
    remediation:
      'Check the app is still needed and that its vendor needs these scopes; restrict it (admin.apps.restrict) or ask the vendor for a granular-bot version with narrower scopes, and prefer channel-scoped installs.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 SA-9', 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 12.8.1', 'PCI DSS 4.0 7.2.1'],
    platforms: ['slack'],
    reads: ['permissions'],
    dataRequirement:
      'Needs approved apps (admin.apps.approved.list, Enterprise Grid) with is_internal as thirdParty and their scopes tiered by the Slack scope table (sensitivity high).',
    tags: ['third-party', 'privilege'],
  },
  evaluate(v) {
    if (!v.thirdParty || !v.enabled) return null;
    return collect(v.permissions, (p, n) =>
      p.sensitivity === 'high'
        ? ev(
            permissionLabel(p, n),
            p.nativeName,
            `${p.attributes.tokenType ?? 'token'} scope of a third-party app per ${permissionSource(p, v)}`,
          )
        : null,
    );
  },
});
