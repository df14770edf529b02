import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['dwd_client'],
  meta: {
    id: 'google-dwd-broad-scopes',
    title: 'Domain-wide delegation with high-sensitivity scopes',
    severity: 'critical',
    description:
      "A client holds domain-wide delegation with a high-sensitivity scope (Gmail, Drive, Admin SDK, cloud-platform): whoever holds one of its service account's keys can impersonate every user of the domain, super admins included, without their consent.",
    remediation:
      'In Admin console > Security > API controls > Domain-wide delegation, narrow the client to the scopes it needs (read-only where possible) or remove it; keep its service account keyless (workload identity federation) and watch its use in the Reports.',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6', 'NIST SP 800-53 AC-6(5)', 'PCI DSS 4.0 7.2.1', 'PCI DSS 4.0 7.2.5'],
    platforms: ['google'],
    reads: ['permissions'],
    dataRequirement:
      'Needs the Reports admin events AUTHORIZE_API_CLIENT_ACCESS / REMOVE_API_CLIENT_ACCESS (admin.reports.audit.readonly) replayed into the current delegation, scopes tiered by the Google scope table.',
    tags: ['privilege', 'delegation'],
  },
  evaluate(v) {
    return collect(v.permissions, (p, n) =>
      p.sensitivity === 'high'
        ? ev(permissionLabel(p, n), p.nativeName, `delegated domain-wide per ${permissionSource(p, v)}`)
        : null,
    );
  },
});
