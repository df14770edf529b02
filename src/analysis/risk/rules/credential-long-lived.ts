import { DAY_MS } from '../../../lib/clock.js';
import { genericRule } from '../generic-rule.js';
import { collect, credentialLabel, day, ev, isoMs } from '../helpers.js';
import { cis } from '../cis.js';

export const rule = genericRule({
  meta: {
    id: 'credential-long-lived',
    title: 'Credential has no expiry or a lifetime beyond the maximum',
    severity: 'medium',
    description:
      'The vendor lets this credential expire, yet it has no expiry date, or its lifetime (expiresAt - createdAt) exceeds `maxSecretLifetimeDays`.',
    remediation: 'Re-issue the credential with an expiry no longer than the maximum lifetime and automate its renewal.',
    owasp: 'NHI7:2025',
    compliance: ['PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5', cis.m365('5.1.5.4'), cis.m365('5.1.5.6')],
    platforms: 'all',
    reads: ['credentials'],
    dataRequirement:
      'Needs credentials[].attributes.supportsExpiry set by the connector where the vendor supports expiry, plus createdAt/expiresAt.',
    tags: ['credential', 'lifetime'],
  },
  evaluate(v, ctx) {
    return collect(v.credentials, (c, n) => {
      if (!c.enabled || c.attributes.supportsExpiry !== true) return null;
      if (!c.expiresAt)
        return ev(
          `${credentialLabel(c, n)}.expiresAt`,
          null,
          `${c.type} has no expiry although the vendor supports one, per ${v.platform} inventory`,
        );
      if (!c.createdAt) return null;
      const lifetime = (isoMs(c.expiresAt) - isoMs(c.createdAt)) / DAY_MS;
      if (!(lifetime > ctx.thresholds.maxSecretLifetimeDays)) return null;
      return ev(
        `${credentialLabel(c, n)}.expiresAt`,
        c.expiresAt,
        `${c.type} valid ${day(c.createdAt)} to ${day(c.expiresAt)} (${Math.floor(lifetime)} days, maximum ${ctx.thresholds.maxSecretLifetimeDays}) per ${v.platform} inventory`,
      );
    });
  },
});
