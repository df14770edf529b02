import type { SourceSpec } from '../../../sync/sources.js';

/**
 * The Slack Web API methods the connector reads (docs/connectors/slack.md, "Sources"). Endpoints are the methods as
 * Slack serves them (POST https://slack.com/api/<method>, form-encoded); the permission is the OAuth scope and, for
 * admin.apps.*, the plan and token they need.
 */
export const SOURCE = {
  auth: 'auth',
  users: 'users',
  botInfo: 'bot-info',
  approvedApps: 'approved-apps',
  restrictedApps: 'restricted-apps',
  appRequests: 'app-requests',
  integrationLogs: 'integration-logs',
  auditLogs: 'audit-logs',
} as const;

const GRID = 'Enterprise Grid: a user token (xoxp-) of an Org Owner or Org Admin of an org-installed app';

export const SLACK_SOURCES: readonly SourceSpec[] = [
  {
    // Required: it proves the token and tells Enterprise Grid (enterprise_id) from the other plans.
    id: SOURCE.auth,
    title: 'the token and its workspace (auth.test: team, enterprise_id: which plan)',
    endpoints: ['POST /api/auth.test'],
    permission: 'a valid token (no scope)',
    required: true,
  },
  {
    // Required: bot users and the people who install apps are both on it, on every plan.
    id: SOURCE.users,
    title: 'workspace members: people (deactivated ones as departed) and bot users',
    endpoints: ['POST /api/users.list'],
    permission: 'users:read, users:read.email',
    required: true,
    lists: ['bot'],
    people: true,
  },
  {
    id: SOURCE.botInfo,
    title: "each bot user's bot (app_id, deleted, updated)",
    endpoints: ['POST /api/bots.info'],
    permission: 'users:read',
    required: false,
    fills: { nativeTypes: ['bot'], fields: ['enabled', 'attributes.appId', 'attributes.botUpdatedAt'] },
  },
  {
    id: SOURCE.auditLogs,
    title: 'who installed each app and when (Audit Logs API, app_installed; Enterprise Grid)',
    endpoints: ['GET /audit/v1/logs'],
    permission: "auditlogs:read (Enterprise Grid: an Org Owner's user token of an org-installed app)",
    required: false,
    fills: { nativeTypes: ['app'], fields: ['createdBy', 'ownerClaims', 'attributes.installedAt'] },
  },
  {
    id: SOURCE.approvedApps,
    title: 'approved apps of the org or workspace with their bot and user scopes (Enterprise Grid)',
    endpoints: ['POST /api/admin.apps.approved.list'],
    permission: `admin.apps:read (${GRID})`,
    required: false,
    lists: ['app'],
  },
  {
    id: SOURCE.restrictedApps,
    title: 'restricted (blocked) apps of the org or workspace (Enterprise Grid)',
    endpoints: ['POST /api/admin.apps.restricted.list'],
    permission: `admin.apps:read (${GRID})`,
    required: false,
    lists: ['app'],
  },
  {
    id: SOURCE.appRequests,
    title: 'app install requests no admin has resolved yet (Enterprise Grid)',
    endpoints: ['POST /api/admin.apps.requests.list'],
    permission: `admin.apps:read (${GRID})`,
    required: false,
    lists: ['app_request'],
  },
  {
    id: SOURCE.integrationLogs,
    title: 'apps and services added, changed and removed, and by whom (plans without Enterprise Grid)',
    endpoints: ['POST /api/team.integrationLogs'],
    permission: "admin (a Workspace Admin's or Owner's user token)",
    required: false,
    lists: ['integration'],
  },
];

/** Raw field names whose values are secrets in Slack payloads (OAuth answers; never in the lists read here). */
export const SLACK_SECRET_FIELDS: readonly string[] = [
  'token',
  'access_token',
  'refresh_token',
  'bot_access_token',
  'client_secret',
  'signing_secret',
  'verification_token',
];
