import { genericRule } from '../generic-rule.js';
import { collect, credentialLabel, day, daysUntil, ev } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'credential-expiring',
    title: 'Credential expires soon',
    severity: 'low',
    description:
      'An enabled credential expires within `expiryWarningDays`. When it lapses the integration breaks, and rushed renewals are where long-lived replacements come from.',
    remediation:
      'Renew the credential (with an expiry within policy) and roll it out before the date; automate renewal.',
    owasp: 'NHI7:2025',
    compliance: ['NIST SP 800-53 IA-5'],
    platforms: 'all',
    reads: ['credentials'],
    dataRequirement: 'Needs credentials[].expiresAt.',
    tags: ['credential', 'availability'],
  },
  evaluate(v, ctx) {
    return collect(v.credentials, (c, n) => {
      if (!c.enabled || !c.expiresAt) return null;
      const left = daysUntil(c.expiresAt, ctx);
      if (left === null || left < 0 || left > ctx.thresholds.expiryWarningDays) return null;
      return ev(
        `${credentialLabel(c, n)}.expiresAt`,
        c.expiresAt,
        `${c.type} expires ${day(c.expiresAt)} (in ${Math.ceil(left)} days, warning at ${ctx.thresholds.expiryWarningDays}) per ${v.platform} inventory`,
      );
    });
  },
});
