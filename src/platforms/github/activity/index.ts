import type { PlatformActivity } from '../../../monitoring/event.js';
import { githubAuditFormat } from './audit-log.js';

/** What Steward reads of GitHub activity: the organization or enterprise audit log. */
export const githubActivity: PlatformActivity = {
  formats: [githubAuditFormat],
  lastUsedSource: 'GitHub audit log events',
  // A token's id (fine-grained PAT grants carry it), an app installation's slug (its bot account's login).
  keyAttributes: { identity: ['tokenId', 'appSlug'], credential: ['tokenId'] },
};
