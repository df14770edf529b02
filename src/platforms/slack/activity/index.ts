import type { PlatformActivity } from '../../../monitoring/event.js';
import { slackAuditFormat } from './audit-logs.js';
import { slackAuditCollector } from './collector.js';

/** What Steward reads of Slack activity: the Enterprise Grid audit log (files, or collected from the Audit Logs API). */
export const slackActivity: PlatformActivity = {
  formats: [slackAuditFormat],
  collector: slackAuditCollector,
  lastUsedSource: 'Slack audit log entries',
};
