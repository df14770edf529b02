import type { PlatformActivity } from '../../../monitoring/event.js';
import { cloudTrailFormat } from './cloudtrail.js';
import { cloudTrailCollector } from './collector.js';

/** What Steward reads of AWS activity: CloudTrail log files (S3 exports) and the event history (LookupEvents). */
export const awsActivity: PlatformActivity = {
  formats: [cloudTrailFormat],
  collector: cloudTrailCollector,
  lastUsedSource: 'CloudTrail events',
};
