import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { slackFacts } from '../facts.js';

export const rule = platformRule(slackFacts, {
  nativeTypes: ['app'],
  meta: {
    id: 'slack-bot-token-admin-scopes',
    title: 'Slack bot token with admin scopes',
    severity: 'critical',
    description:
      "The app's bot token holds an admin scope (admin, admin.*, client). A bot token is not tied to any person, does not expire unless rotation is on, and is usually stored in the app's hosting: whoever holds it administers the workspace or the whole Enterprise Grid org.",
    remediation:
      'Move the admin scopes to a user token of a dedicated admin (or drop them), reinstall the app with the narrower bot scopes, turn on token rotation, and restrict the app if it cannot do without them.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'NIST SP 800-53 AC-6(5)', 'PCI DSS 4.0 7.2.1', 'PCI DSS 4.0 7.2.5'],
    platforms: ['slack'],
    reads: ['permissions'],
    dataRequirement:
      'Needs approved apps with their scopes and token_type (admin.apps.approved.list, Enterprise Grid), tiered by the Slack scope table (access admin).',
    tags: ['privilege', 'bot'],
  },
  evaluate(v) {
    if (!v.enabled) return null;
    return collect(v.permissions, (p, n) =>
      p.attributes.tokenType === 'bot' && p.access === 'admin'
        ? ev(permissionLabel(p, n), p.nativeName, `admin scope on the bot token per ${permissionSource(p, v)}`)
        : null,
    );
  },
});
