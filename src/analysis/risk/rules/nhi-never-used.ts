import { genericRule } from '../generic-rule.js';
import { day, daysSince, ev } from '../helpers.js';
import { cis } from '../cis.js';

export const rule = genericRule({
  meta: {
    id: 'nhi-never-used',
    title: 'Identity never used since it was created',
    severity: 'medium',
    description:
      'The platform tracks usage for this identity, it has never been used, and it was created more than `staleDays` ago. Access granted "just in case" is pure exposure.',
    remediation: 'Ask the creator whether it is still needed; disable it and remove it after a grace period.',
    owasp: 'NHI1:2025',
    compliance: ['PCI DSS 4.0 8.2.6', 'NIST SP 800-53 AC-2(3)', cis.aws('2.11')],
    platforms: 'all',
    reads: ['lastUsedAt', 'enabled'],
    dataRequirement:
      'Needs identity.lastUsedSource (the platform reports usage for this kind of identity) and identity.createdAt; without usage tracking "never used" cannot be told from "not reported".',
    tags: ['stale', 'hygiene'],
  },
  evaluate(v, ctx) {
    if (!v.enabled || !v.lastUsedSource || v.lastUsedAt) return null;
    const age = daysSince(v.createdAt, ctx);
    if (age === null || age <= ctx.thresholds.staleDays) return null;
    return [
      ev('lastUsedAt', null, `no use recorded per ${v.lastUsedSource}`),
      ev(
        'createdAt',
        v.createdAt,
        `created ${day(v.createdAt)} (${Math.floor(age)} days ago, threshold ${ctx.thresholds.staleDays}) per ${v.platform} inventory`,
      ),
    ];
  },
});
