import { detectionRule } from '../detection.js';

export const interactiveUse = detectionRule({
  meta: {
    id: 'activity-interactive-use',
    title: 'Non-human identity used interactively',
    severity: 'high',
    owasp: 'NHI10:2025',
    description:
      'A console or browser sign-in by an identity that is a non-human identity: one in the inventory, or one seen so far only with a long-lived programmatic key. A person is using a machine credential.',
    remediation:
      'Give the person their own identity, remove the console password or interactive sign-in from the NHI, and rotate its credentials.',
  },
  evaluate(event, { baseline, resolution }) {
    if (!event.tags.includes('login.interactive')) return null;
    const nhi = resolution !== null || (baseline?.programmatic ?? false);
    if (!nhi) return null;
    const how = resolution ? 'an inventory NHI' : 'seen before only with a long-lived programmatic key';
    return {
      subject: event.operation,
      message: `${event.actor.name} (${how}) signed in interactively (${event.operation}${event.success ? '' : ', failed'})`,
    };
  },
});
