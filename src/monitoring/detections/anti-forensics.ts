import { detectionRule } from '../detection.js';

export const antiForensics = detectionRule({
  meta: {
    id: 'activity-anti-forensics',
    title: 'Audit logging stopped, deleted or narrowed',
    severity: 'high',
    owasp: 'NHI5:2025',
    description:
      'An identity or a person stopped, deleted or narrowed audit logging (a trail stopped or deleted, event selectors changed, flow or DNS query logs deleted, the organization left, an audit-log stream deleted or changed): what follows may go unrecorded.',
    remediation:
      'Restore the logging at once, find out who holds the credential that did it, and review what it did before and after.',
  },
  // Whoever turns the audit trail off, a person or an NHI.
  seesPeople: true,
  evaluate(event) {
    if (!event.tags.includes('logging.disable')) return null;
    const verb = event.success ? 'did' : 'tried (and failed) to do';
    return {
      subject: event.operation,
      message: `${event.actor.name} ${verb} ${event.operation}`,
      ...(event.success ? {} : { severity: 'medium' as const }),
    };
  },
});
