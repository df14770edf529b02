import type { PlatformActivity } from '../../../monitoring/event.js';
import { salesforceElfFormat } from './elf.js';
import { salesforceElfCollector } from './collector.js';

/** What Steward reads of Salesforce activity: Event Monitoring's log files (CSV files, or collected from EventLogFile). */
export const salesforceActivity: PlatformActivity = {
  formats: [salesforceElfFormat],
  collector: salesforceElfCollector,
  lastUsedSource: 'Salesforce EventLogFile rows',
};
