import { detectionRule } from '../detection.js';

const DAY = 86_400_000;

export const dormantThenActive = detectionRule({
  meta: {
    id: 'activity-dormant-then-active',
    title: 'Dormant identity active again',
    severity: 'high',
    owasp: 'NHI1:2025',
    description:
      'An identity (or its credential) unused for longer than the dormancy threshold acted again: a forgotten key that suddenly works is a classic sign of a leaked credential.',
    remediation:
      'Check with the owner that this use is expected; if not, disable the credential and look at what it did. Retire identities nobody uses.',
  },
  evaluate(event, { baseline, resolution, thresholds }) {
    if (!event.success) return null;
    // Last use: our own history of the actor, else the vendor's inventory field.
    const last = baseline ? baseline.lastSeen : (resolution?.vendorLastUsed ?? null);
    if (last === null || event.time - last < thresholds.dormantDays * DAY) return null;
    const days = Math.floor((event.time - last) / DAY);
    return {
      subject: `after:${last}`,
      message: `${event.actor.name} acted (${event.operation}) after ${days} days without activity`,
    };
  },
});
