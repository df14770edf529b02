import { collect, day, daysSince, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { keyLabel } from './cloud-helpers.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['service_account'],
  meta: {
    id: 'google-sa-key-unused',
    title: 'Service account key not used for longer than the stale threshold',
    severity: 'medium',
    description:
      "An enabled user-managed key has not authenticated for more than `staleDays` (Policy Analyzer's serviceAccountKeyLastAuthentication), or never has and is older than that. Nothing depends on it, yet anyone holding a copy can use it.",
    remediation:
      'Disable the key (gcloud iam service-accounts keys disable), wait for anything that breaks, then delete it.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 AC-2(3)', 'PCI DSS 4.0 8.2.6'],
    platforms: ['google'],
    reads: ['credentials'],
    dataRequirement:
      'Needs Policy Analyzer last-authentication activities (roles/policyanalyzer.activityAnalysisViewer) as credentials[].lastUsedAt with lastUsedSource; when usage is unknown (lastUsedSource null) the rule stays silent.',
    tags: ['stale', 'credential', 'gcp'],
  },
  evaluate(v, ctx) {
    const threshold = ctx.thresholds.staleDays;
    return collect(v.credentials, (c) => {
      if (!c.enabled || !c.lastUsedSource) return null;
      if (c.lastUsedAt) {
        const idle = daysSince(c.lastUsedAt, ctx);
        if (idle === null || idle <= threshold) return null;
        return ev(
          `${keyLabel(c)}.lastUsedAt`,
          c.lastUsedAt,
          `key ${c.id} last authenticated ${day(c.lastUsedAt)} (${Math.floor(idle)} days ago, threshold ${threshold}) per ${c.lastUsedSource}`,
        );
      }
      const age = daysSince(c.createdAt, ctx);
      if (age === null || age <= threshold) return null;
      return ev(
        `${keyLabel(c)}.lastUsedAt`,
        null,
        `key ${c.id} created ${day(c.createdAt)} (${Math.floor(age)} days ago) and never authenticated per ${c.lastUsedSource}`,
      );
    });
  },
});
