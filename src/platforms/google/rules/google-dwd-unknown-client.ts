import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['dwd_client'],
  meta: {
    id: 'google-dwd-unknown-client',
    title: 'Domain-wide delegation to a client that is no known service account',
    severity: 'high',
    description:
      "Domain-wide delegation is granted to a client id that is the oauth2ClientId of no service account in the Google Cloud projects read. Either it belongs to another organisation's project (a vendor acting as every user) or to a deleted service account whose grant was left behind.",
    remediation:
      "Find the client (Admin console > Security > API controls > Domain-wide delegation; the admin who authorised it is in the evidence), and remove the delegation unless a vendor contract covers it; if it is yours, add its project to the tenant's `projects` so its service account is inventoried.",
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 AC-2', 'NIST SP 800-53 SA-9', 'PCI DSS 4.0 7.2.1'],
    platforms: ['google'],
    reads: ['attributes'],
    dataRequirement:
      "Needs the delegation (Reports admin events) and every configured project's service accounts (iam serviceAccounts.list): when any project's list did not complete it stays silent, as the client may be one of them.",
    tags: ['delegation', 'third-party'],
  },
  evaluate(v) {
    if (!v.attributes.serviceAccountsListed || v.attributes.serviceAccount !== null) return null;
    return [
      ev('attributes.serviceAccount', null, `no service account has oauth2ClientId ${v.nativeId}`),
      ev('attributes.serviceAccountsListed', true, inventorySource(v)),
    ];
  },
});
