import { genericRule } from '../generic-rule.js';
import { credentialLabel, day, ev } from '../helpers.js';

const KEY_TYPES = new Set(['access_key', 'client_secret']);

export const rule = genericRule({
  meta: {
    id: 'multiple-active-keys',
    title: 'More than one active key or client secret',
    severity: 'medium',
    description:
      'Two or more enabled access keys or client secrets belong to the identity. Usually a rotation that never finished: the old key still works and is no longer tracked.',
    remediation:
      'Find which key the workload uses (last-used data), disable the others and delete them after a grace period.',
    owasp: 'NHI7:2025',
    compliance: ['NIST SP 800-53 IA-5'],
    platforms: 'all',
    reads: ['credentials'],
    dataRequirement: 'Needs credentials[] of type access_key or client_secret with their enabled flag.',
    tags: ['credential', 'rotation'],
  },
  evaluate(v) {
    let count = 0;
    for (const c of v.credentials) if (c.enabled && KEY_TYPES.has(c.type)) count++;
    if (count < 2) return null;
    const out = [];
    for (let n = 0; n < v.credentials.length; n++) {
      const c = v.credentials[n];
      if (c.enabled && KEY_TYPES.has(c.type))
        out.push(
          ev(
            credentialLabel(c, n),
            c.id,
            `enabled ${c.type} created ${day(c.createdAt)}, last used ${day(c.lastUsedAt)} per ${c.lastUsedSource ?? `${v.platform} inventory`}`,
          ),
        );
    }
    return out;
  },
});
