import { daysSince, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { awsFacts } from '../facts.js';

/** Unused namespaces named in the evidence text; the rest are counted. */
const NAMED = 10;

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-unused-services',
    title: 'IAM role or user allowed services it has not used for staleDays (IAM last accessed)',
    severity: 'low',
    description:
      "IAM's last-accessed report (Access Advisor) lists every service a principal's policies allow and when the principal last authenticated to it. A role or user older than staleDays that was allowed services it did not use in that time holds standing permissions nobody needs: a leaked credential gets them, and no workload would notice their removal.",
    remediation:
      "Remove the unused services from the principal's policies (IAM console, Access Advisor tab, or a policy generated from CloudTrail by IAM Access Analyzer); delete the principal if it used nothing.",
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6(7)', 'PCI DSS 4.0 7.2.5.1'],
    platforms: ['aws'],
    reads: ['attributes.servicesLastAccessed'],
    dataRequirement:
      'Needs the connector option serviceLastAccessed (IAM GenerateServiceLastAccessedDetails + GetServiceLastAccessedDetails per principal) as attributes.servicesLastAccessed; off, the facts are null and the rule says nothing.',
    tags: ['least-privilege', 'unused'],
  },
  nativeTypes: ['user', 'role'],
  evaluate(v, ctx) {
    const report = v.attributes.servicesLastAccessed;
    if (!report || report.services.length === 0) return null;
    const days = ctx.thresholds.staleDays;
    // A principal younger than the threshold has not had the time to use what it was given.
    const age = daysSince(v.createdAt, ctx);
    if (age !== null && age < days) return null;
    const unused = report.services.filter((s) => {
      const since = daysSince(s.lastAuthenticated, ctx);
      return since === null || since >= days;
    });
    if (unused.length === 0) return null;
    const names = unused.slice(0, NAMED).map((s) => s.namespace);
    const more = unused.length > NAMED ? ` and ${unused.length - NAMED} more` : '';
    return [
      ev(
        'attributes.servicesLastAccessed.services',
        unused.map((s) => s.namespace).join(','),
        `${unused.length} of ${report.services.length} allowed services not used for ${days} days or more (${names.join(', ')}${more}) per IAM GetServiceLastAccessedDetails of ${report.reportedAt.slice(0, 10)}`,
      ),
    ];
  },
});
