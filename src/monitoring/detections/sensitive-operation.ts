import { SENSITIVE_TAGS, type EventTag } from '../event.js';
import { detectionRule } from '../detection.js';

/** The most dangerous reading of an event's tags first. */
const HIGH: readonly EventTag[] = ['credential.other', 'trust.write', 'session.issue', 'session.chain'];

export const sensitiveOperation = detectionRule({
  meta: {
    id: 'activity-sensitive-operation',
    title: 'Sensitive operation never seen for this identity',
    severity: 'medium',
    owasp: 'NHI5:2025',
    description:
      'A successful identity/credential write, trust change, secret read, session minting or bulk data export that this identity never did before: a key for another user, a changed trust policy, a secret read in clear, a federation token, a role chain, a Bulk API query or workspace export.',
    remediation:
      'Confirm the identity is meant to do this; if not, disable the credential it used and undo the change (delete the new key, restore the trust policy, rotate the secret read).',
  },
  evaluate(event, { baseline }) {
    if (event.tags.length === 0) return null;
    const tag = event.tags.find((t) => SENSITIVE_TAGS.includes(t));
    if (!tag || baseline?.operations.has(event.operation)) return null;
    const target = event.target ? ` on ${event.target}` : '';
    // A refused attempt is worth a look (probing with a stolen key), not an alarm: the baseline only learns successes.
    if (!event.success)
      return {
        subject: `denied:${event.operation}`,
        message: `${event.actor.name} tried ${event.operation}${target} (${event.tags.join(', ')}) and was refused`,
        severity: 'low',
      };
    const high = event.tags.some((t) => HIGH.includes(t));
    return {
      subject: event.operation,
      message: `${event.actor.name} did ${event.operation}${target} (${event.tags.join(', ')}) for the first time`,
      ...(high ? { severity: 'high' as const } : {}),
    };
  },
});
