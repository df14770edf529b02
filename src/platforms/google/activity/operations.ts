import type { EventTag } from '../../../monitoring/event.js';

/**
 * What Reports events mean (`<applicationName>:<events[].name>`, names as in the Admin SDK Reports "activity events"
 * appendix). Events not listed carry no tag: stored, baselined, never sensitive.
 */
const TAGS: Record<string, readonly EventTag[]> = {
  // Domain-wide delegation: a client (usually a service account) may act as any user of the domain.
  'admin:AUTHORIZE_API_CLIENT_ACCESS': ['trust.write'],
  // Admin roles: assigned, created, widened; a user made super admin.
  'admin:ASSIGN_ROLE': ['iam.write'],
  'admin:CREATE_ROLE': ['iam.write'],
  'admin:ADD_PRIVILEGE': ['iam.write'],
  'admin:GRANT_ADMIN_PRIVILEGE': ['iam.write'],
  // A browser sign-in to a Google account.
  'login:login_success': ['login.interactive'],
};

export function reportTags(operation: string): readonly EventTag[] | undefined {
  return TAGS[operation];
}
