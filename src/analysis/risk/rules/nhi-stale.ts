import { genericRule } from '../generic-rule.js';
import { day, daysSince, ev, usageSource } from '../helpers.js';
import { cis } from '../cis.js';

export const rule = genericRule({
  meta: {
    id: 'nhi-stale',
    title: 'Identity unused for longer than the stale threshold',
    severity: 'medium',
    description:
      'The identity is enabled but its last recorded use is older than `staleDays`. Unused identities keep their access and credentials and are rarely watched; they are the first thing an attacker with a leaked secret will find unmonitored.',
    remediation:
      'Confirm with the owner that nothing depends on it, then disable it; delete it after a grace period. If it is used seasonally, record that and suppress the finding with an expiry.',
    owasp: 'NHI1:2025',
    compliance: ['PCI DSS 4.0 8.2.6', 'NIST SP 800-53 AC-2(3)', cis.aws('2.11'), cis.github('1.4.2')],
    platforms: 'all',
    reads: ['lastUsedAt', 'enabled'],
    dataRequirement:
      'Needs identity.lastUsedAt from a usage source (sign-in activity, credential report, token last_used); identities whose platform reports no usage are never stale.',
    tags: ['stale', 'hygiene'],
  },
  evaluate(v, ctx) {
    if (!v.enabled || !v.lastUsedAt) return null;
    const age = daysSince(v.lastUsedAt, ctx);
    if (age === null || age <= ctx.thresholds.staleDays) return null;
    return [
      ev(
        'lastUsedAt',
        v.lastUsedAt,
        `last used ${day(v.lastUsedAt)} (${Math.floor(age)} days ago, threshold ${ctx.thresholds.staleDays}) per ${usageSource(v.lastUsedSource, v)}`,
      ),
    ];
  },
});
