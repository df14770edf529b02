import type { EventTag } from '../../../monitoring/event.js';

/**
 * What Entra directory-audit activities mean (`activityDisplayName`, category ApplicationManagement and
 * RoleManagement/DirectoryManagement; names as the audit log writes them, compared trimmed, lower-case, with the en
 * dash some of them carry read as a hyphen). Activities not listed carry no tag: stored, baselined, never sensitive.
 */
const TAGS: Record<string, readonly EventTag[]> = {
  // A secret or certificate added to a service principal; an application's secrets/certificates changed (the parser
  // keeps credential.create only when the change added a key).
  'add service principal credentials': ['credential.create'],
  'update application - certificates and secrets management': ['credential.create'],
  // Grants: application permissions, delegated permissions, consent, ownership (an owner can add credentials).
  'add app role assignment to service principal': ['iam.write'],
  'add delegated permission grant': ['iam.write'],
  'consent to application': ['iam.write'],
  'add owner to application': ['iam.write'],
  'add owner to service principal': ['iam.write'],
  'add service principal': ['iam.write'],
  'add application': ['iam.write'],
  'add member to role': ['iam.write'],
  'add eligible member to role': ['iam.write'],
  'add scoped member to role': ['iam.write'],
  'add member to role in pim completed (permanent)': ['iam.write'],
  // Federation: who the tenant trusts to sign tokens (Golden SAML's foothold).
  'set federation settings on domain': ['trust.write'],
  'set domain authentication': ['trust.write'],
};

/** The activity name as a table key. */
export function activityKey(activity: string): string {
  return activity
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\u2013/g, '-')
    .toLowerCase();
}

export function activityTags(activity: string): readonly EventTag[] | undefined {
  return TAGS[activityKey(activity)];
}

/** The activity whose credential.create depends on whether keys were added (its KeyDescription before and after). */
export const SECRETS_MANAGEMENT = 'update application - certificates and secrets management';
