/**
 * The Slack org the estate generator produces and the emulator serves: plain JSON objects in Slack's wire shapes
 * (field names as the Web API sends them, times in epoch seconds), so the routes serve them as they are.
 */
export interface SlackScopeData {
  name: string;
  description: string;
  is_sensitive: boolean;
  token_type: 'bot' | 'user';
}

export interface SlackAppInfoData {
  id: string;
  name: string;
  description: string;
  app_directory_url: string;
  app_homepage_url: string;
  help_url: string;
  privacy_policy_url: string;
  is_app_directory_approved: boolean;
  is_internal: boolean;
  is_granular_bot_app: boolean;
  additional_info: string;
  icons: { image_48: string };
}

/** An entry of admin.apps.approved.list / admin.apps.restricted.list. */
export interface SlackResolvedAppData {
  app: SlackAppInfoData;
  scopes: SlackScopeData[];
  date_updated: number;
  last_resolved_by?: { actor_id: string; actor_type: 'user' };
}

/** An entry of admin.apps.requests.list. */
export interface SlackAppRequestData {
  id: string;
  app: SlackAppInfoData;
  user: { id: string; name: string; email: string };
  team: { id: string; name: string; domain: string };
  scopes: SlackScopeData[];
  previous_resolution: null;
  is_user_app_collaborator: boolean;
  message: string;
  date_created: number;
}

export interface SlackUserData {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  updated: number;
  profile: { real_name: string; display_name: string; email?: string; bot_id?: string; api_app_id?: string };
}

/** bots.info `bot` of each bot user. */
export interface SlackBotData {
  id: string;
  app_id: string;
  user_id: string;
  name: string;
  deleted: boolean;
  updated: number;
  icons: { image_36: string; image_48: string; image_72: string };
}

/** A team.integrationLogs entry. */
export interface SlackIntegrationLogData {
  app_id: string;
  app_type: string;
  user_id: string;
  user_name: string;
  date: string;
  change_type: 'added' | 'expanded' | 'removed';
  scope: string;
  reason?: string;
}

/** An Audit Logs API entry (GET /audit/v1/logs): app installs, and approvals as noise a filter must skip. */
export interface SlackAuditEntryData {
  id: string;
  date_create: number;
  action: 'app_installed' | 'app_approved';
  actor: { type: 'user'; user: { id: string; name: string; email: string; team: string } };
  entity: {
    type: 'app';
    app: { id: string; name: string; is_distributed: boolean; is_directory_approved: boolean; scopes: string[] };
  };
  context: {
    location: { type: 'enterprise'; id: string; name: string; domain: string };
    ua: string;
    ip_address: string;
  };
}

export interface SlackEstateData {
  /** The tenant: the Enterprise Grid org's name. */
  orgName: string;
  /** E… on Enterprise Grid (auth.test enterprise_id); null would be a workspace on another plan. */
  enterpriseId: string | null;
  team: { id: string; name: string; domain: string };
  /** users.list order: people, Slackbot, bot users. */
  users: SlackUserData[];
  bots: SlackBotData[];
  approvedApps: SlackResolvedAppData[];
  restrictedApps: SlackResolvedAppData[];
  requests: SlackAppRequestData[];
  /** Newest first, as Slack lists them. */
  integrationLogs: SlackIntegrationLogData[];
  /** Newest first, as the Audit Logs API lists them. */
  auditLogs: SlackAuditEntryData[];
}
