import { day, ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { slackFacts } from '../facts.js';

export const rule = platformRule(slackFacts, {
  nativeTypes: ['app_request'],
  meta: {
    id: 'slack-app-request-pending',
    title: 'Unresolved Slack app request for high-risk scopes',
    severity: 'medium',
    description:
      'A member asked to install an app that would read message history or files, read e-mails, post anywhere or administer the workspace, and no admin has approved or restricted it. Pending requests are shadow-IT waiting to happen: the member may install a look-alike elsewhere, and an approval in a hurry hands the scopes over unreviewed.',
    remediation:
      'Review the request: approve it with the scopes the use case needs (admin.apps.approve), restrict it (admin.apps.restrict), or cancel it (admin.apps.requests.cancel) with a note to the requester.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 CM-11', 'NIST SP 800-53 SA-9', 'PCI DSS 4.0 12.8.1'],
    platforms: ['slack'],
    reads: [],
    dataRequirement:
      'Needs pending app requests (admin.apps.requests.list, Enterprise Grid) with their requested scopes tiered by the Slack scope table (attributes.highRiskScopes).',
    tags: ['third-party', 'governance'],
  },
  evaluate(v) {
    const scopes = v.attributes.highRiskScopes;
    if (scopes.length === 0) return null;
    return [
      ev(
        'attributes.highRiskScopes',
        scopes.join(', '),
        `pending since ${day(v.createdAt)} per ${inventorySource(v)} (admin.apps.requests.list)`,
      ),
    ];
  },
});
