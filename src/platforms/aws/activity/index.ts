import type { PlatformActivity } from '../../../monitoring/event.js';
import { cloudTrailFormat } from './cloudtrail.js';

/** What Steward reads of AWS activity: CloudTrail log files (S3 exports). */
export const awsActivity: PlatformActivity = {
  formats: [cloudTrailFormat],
  lastUsedSource: 'CloudTrail events',
};
