import type { EventTag } from '../../../monitoring/event.js';

/**
 * What Slack Audit Logs API actions mean (`action`, as Slack's "Audit Logs API methods & actions" reference and the
 * `GET /audit/v1/actions` list name them). Actions not listed carry no tag: stored, baselined, never sensitive.
 */
const TAGS: Record<string, readonly EventTag[]> = {
  // Access granted to an app: installed, approved, more scopes or resources, a granular bot token, more workspaces.
  app_installed: ['iam.write'],
  app_approved: ['iam.write'],
  app_scopes_expanded: ['iam.write'],
  app_resources_added: ['iam.write'],
  app_resources_granted: ['iam.write'],
  bot_token_upgraded: ['iam.write'],
  org_app_workspace_added: ['iam.write'],
  org_app_upgraded_to_org_install: ['iam.write'],
  org_app_future_workspace_install_enabled: ['iam.write'],
  // A token kept alive instead of revoked (its owner or installer left the org): access that should have ended.
  app_token_preserved: ['iam.write'],
  workflow_app_token_preserved: ['iam.write'],
  // Roles and permissions of members.
  role_change_to_admin: ['iam.write'],
  role_change_to_owner: ['iam.write'],
  role_assigned: ['iam.write'],
  permissions_assigned: ['iam.write'],
  owner_transferred: ['iam.write'],
  // Who the organization trusts to sign people in: SSO, two-factor policy, the IdP configuration.
  'pref.sso_setting_changed': ['trust.write'],
  'pref.two_factor_auth_changed': ['trust.write'],
  idp_configuration_added: ['trust.write'],
  idp_configuration_deleted: ['trust.write'],
  idp_prod_configuration_updated: ['trust.write'],
  // The organization's messages, files, members or audit trail exported in bulk.
  manual_export_started: ['data.export'],
  scheduled_export_started: ['data.export'],
  channels_export_started: ['data.export'],
  manual_user_export_started: ['data.export'],
  corporate_exports_approved: ['data.export'],
  corporate_exports_enabled: ['data.export'],
  audit_logs_export_csv_started: ['data.export'],
  audit_logs_export_json_started: ['data.export'],
  // A member's sign-in (an interactive session).
  user_login: ['login.interactive'],
};

export function actionTags(action: string): readonly EventTag[] | undefined {
  return TAGS[action];
}
