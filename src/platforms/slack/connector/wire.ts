/**
 * The subset of Slack Web API answers the transforms read, field names as Slack sends them (api.slack.com method
 * pages; the slack-api-specs OpenAPI and the Java SDK shapes). Times are epoch seconds (team.integrationLogs sends
 * `date` as a string). Every field is optional: a transform refuses what it cannot use.
 */
export interface SlackAppInfo {
  id?: string;
  name?: string;
  description?: string;
  app_directory_url?: string;
  app_homepage_url?: string;
  is_app_directory_approved?: boolean;
  is_internal?: boolean;
  is_granular_bot_app?: boolean;
}

export interface SlackScope {
  name?: string;
  description?: string;
  is_sensitive?: boolean;
  /** 'bot' or 'user'. */
  token_type?: string;
}

/** One entry of admin.apps.approved.list (`approved_apps`) or admin.apps.restricted.list (`restricted_apps`). */
export interface SlackResolvedApp {
  app?: SlackAppInfo;
  scopes?: SlackScope[];
  date_updated?: number;
  last_resolved_by?: { actor_id?: string; actor_type?: string };
  enterprise?: { id?: string; name?: string } | null;
  team?: { id?: string; name?: string } | null;
}

/** One entry of admin.apps.requests.list (`app_requests`): a pending request to install an app. */
export interface SlackAppRequest {
  id?: string;
  app?: SlackAppInfo;
  user?: { id?: string; name?: string; email?: string };
  team?: { id?: string; name?: string; domain?: string };
  scopes?: SlackScope[];
  previous_resolution?: { status?: string; scopes?: SlackScope[] } | null;
  is_user_app_collaborator?: boolean;
  message?: string;
  date_created?: number;
}

/** One users.list member (people and bot users). */
export interface SlackUser {
  id?: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_workflow_bot?: boolean;
  updated?: number;
  profile?: {
    email?: string;
    real_name?: string;
    display_name?: string;
    title?: string;
    bot_id?: string;
    api_app_id?: string;
  };
}

/** bots.info `bot`. */
export interface SlackBot {
  id?: string;
  app_id?: string;
  user_id?: string;
  name?: string;
  deleted?: boolean;
  updated?: number;
  is_workflow_bot?: boolean;
}

/** One team.integrationLogs entry: an app (app_id) or a legacy service (service_id) added, removed, changed. */
export interface SlackIntegrationLog {
  app_id?: string;
  app_type?: string;
  service_id?: number | string;
  service_type?: string;
  user_id?: string;
  user_name?: string;
  /** Epoch seconds, as a string. */
  date?: string;
  change_type?: string;
  /** Comma-separated scopes. */
  scope?: string;
  channel?: string;
  reason?: string;
}

/** auth.test: who the token is, and whether the workspace is part of an Enterprise Grid org. */
export interface SlackAuthTest {
  url?: string;
  team?: string;
  team_id?: string;
  user_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
}

/** One Audit Logs API entry (GET /audit/v1/logs `entries`), the fields an app event carries. */
export interface SlackAuditEntry {
  id?: string;
  /** Epoch seconds. */
  date_create?: number;
  action?: string;
  actor?: { type?: string; user?: { id?: string; name?: string; email?: string } };
  entity?: { type?: string; app?: { id?: string; name?: string; scopes?: string[] } };
}
