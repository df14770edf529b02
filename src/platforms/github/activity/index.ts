import type { PlatformActivity } from '../../../monitoring/event.js';
import { githubAuditFormat } from './audit-log.js';
import { githubAuditCollector } from './collector.js';

/** What Steward reads of GitHub activity: the organization or enterprise audit log (files, or collected from the org's REST audit log). */
export const githubActivity: PlatformActivity = {
  formats: [githubAuditFormat],
  collector: githubAuditCollector,
  lastUsedSource: 'GitHub audit log events',
  // A token's id (fine-grained PAT grants carry it), an app installation's slug (its bot account's login).
  keyAttributes: { identity: ['tokenId', 'appSlug'], credential: ['tokenId'] },
};
