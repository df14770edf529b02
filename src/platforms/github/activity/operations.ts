import type { EventTag } from '../../../monitoring/event.js';

/**
 * What GitHub audit-log actions mean (`action`, as in "Audit log events for your organization / enterprise",
 * docs.github.com). Actions not listed carry no tag: stored, baselined, never sensitive.
 */
const TAGS: Record<string, readonly EventTag[]> = {
  // New credentials: SSH keys and deploy keys, OAuth tokens, personal access tokens, app secrets.
  'public_key.create': ['credential.create'],
  'oauth_authorization.create': ['credential.create'],
  'oauth_access.create': ['credential.create'],
  'personal_access_token.create': ['credential.create'],
  'oauth_application.reset_secret': ['credential.create'],
  // Access granted: members, admins, collaborators, teams, app installations, fine-grained tokens.
  'org.add_member': ['iam.write'],
  'org.invite_member': ['iam.write'],
  'org.update_member': ['iam.write'],
  'org.add_outside_collaborator': ['iam.write'],
  'business.add_admin': ['iam.write'],
  'business.invite_admin': ['iam.write'],
  'team.add_member': ['iam.write'],
  'team.promote_maintainer': ['iam.write'],
  'team.add_repository': ['iam.write'],
  'repo.add_member': ['iam.write'],
  'integration_installation.create': ['iam.write'],
  'integration_installation.repositories_added': ['iam.write'],
  'integration_installation.version_updated': ['iam.write'],
  'personal_access_token.access_granted': ['iam.write'],
  // Who the organization trusts: single sign-on, IP allow lists, OAuth app restrictions.
  'org.saml_disabled': ['trust.write'],
  'org.update_saml_provider_settings': ['trust.write'],
  'org.disable_oauth_app_restrictions': ['trust.write'],
  'ip_allow_list.disable': ['trust.write'],
  'ip_allow_list_entry.create': ['trust.write'],
  // The audit trail itself: a streaming endpoint deleted or changed (paused, disabled).
  'audit_log_streaming.destroy': ['logging.disable'],
  'audit_log_streaming.update': ['logging.disable'],
};

export function actionTags(action: string): readonly EventTag[] | undefined {
  return TAGS[action];
}
