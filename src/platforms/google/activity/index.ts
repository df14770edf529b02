import type { PlatformActivity } from '../../../monitoring/event.js';
import { googleReportsCollector } from './collector.js';
import { googleReportsFormat } from './reports.js';

/** What Steward reads of Google Workspace activity: Reports activities (files, or collected from activities.list). */
export const googleActivity: PlatformActivity = {
  formats: [googleReportsFormat],
  collector: googleReportsCollector,
  lastUsedSource: 'Google Workspace Reports activities',
  // A service account's e-mail (an actor e-mail or a role's target), besides its uniqueId (its OAuth client id).
  keyAttributes: { identity: ['email'] },
};
