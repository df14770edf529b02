import { genericRule } from '../generic-rule.js';
import { collect, credentialLabel, day, daysSince, ev } from '../helpers.js';
import { cis } from '../cis.js';

const NOT_ROTATABLE = new Set(['federated', 'webhook_secret']);

export const rule = genericRule({
  meta: {
    id: 'credential-not-rotated',
    title: 'Credential not rotated within the rotation period',
    severity: 'medium',
    description:
      'An enabled secret, key, token or certificate was created more than `rotationDays` ago and has not been replaced. The longer a secret lives, the more copies of it exist in logs, laptops and CI caches.',
    remediation:
      'Create a new credential, move the workload to it, then disable and delete the old one. Prefer federated (keyless) credentials where the platform offers them.',
    owasp: 'NHI7:2025',
    compliance: ['PCI DSS 4.0 8.6.3', 'PCI DSS 4.0 8.3.9', 'NIST SP 800-53 IA-5(1)', cis.aws('2.12')],
    platforms: 'all',
    reads: ['credentials'],
    dataRequirement:
      'Needs credentials[].createdAt; federated credentials and webhook secrets are not rotated secrets and are ignored.',
    tags: ['credential', 'rotation'],
  },
  evaluate(v, ctx) {
    return collect(v.credentials, (c, n) => {
      if (!c.enabled || NOT_ROTATABLE.has(c.type)) return null;
      const age = daysSince(c.createdAt, ctx);
      if (age === null || age <= ctx.thresholds.rotationDays) return null;
      return ev(
        `${credentialLabel(c, n)}.createdAt`,
        c.createdAt,
        `${c.type} created ${day(c.createdAt)} (${Math.floor(age)} days ago, threshold ${ctx.thresholds.rotationDays}) per ${v.platform} inventory`,
      );
    });
  },
});
