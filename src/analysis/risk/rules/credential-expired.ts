import { genericRule } from '../generic-rule.js';
import { collect, credentialLabel, day, ev, isoMs } from '../helpers.js';

export const rule = genericRule({
  meta: {
    id: 'credential-expired',
    title: 'Expired credential still present',
    severity: 'low',
    description:
      'A credential whose expiry date has passed is still attached to the identity. It is clutter that hides which credentials are live, and often marks an integration that was abandoned rather than offboarded.',
    remediation: 'Delete the expired credential; if the integration is abandoned, offboard the whole identity.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 IA-5', 'NIST SP 800-53 AC-2'],
    platforms: 'all',
    reads: ['credentials'],
    dataRequirement: 'Needs credentials[].expiresAt.',
    tags: ['credential', 'hygiene'],
  },
  evaluate(v, ctx) {
    return collect(v.credentials, (c, n) => {
      if (!c.expiresAt) return null;
      const t = isoMs(c.expiresAt);
      return t < ctx.nowMs
        ? ev(
            `${credentialLabel(c, n)}.expiresAt`,
            c.expiresAt,
            `${c.type} expired ${day(c.expiresAt)} per ${v.platform} inventory`,
          )
        : null;
    });
  },
});
