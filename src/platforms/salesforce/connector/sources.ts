import type { SourceSpec } from '../../../sync/sources.js';

/**
 * The Salesforce lists the connector reads (docs/connectors/salesforce.md, "Sources"). Every one is a SOQL query,
 * `GET /services/data/vXX.X/query?q=…` then `GET /services/data/vXX.X/query/{queryLocator}` per further page, so the
 * endpoints are named per object as query APIs are (`query:OauthToken`, like AWS `iam:ListUsers`). The permission
 * is the scanning integration user's (its profile or a permission set; API Enabled always).
 */
export const SOURCE = {
  users: 'users',
  loginHistory: 'login-history',
  permissionAssignments: 'permission-assignments',
  appMenu: 'app-menu',
  oauthTokens: 'oauth-tokens',
  connectedApps: 'connected-apps',
  namedCredentials: 'named-credentials',
} as const;

export const SALESFORCE_SOURCES: readonly SourceSpec[] = [
  {
    id: SOURCE.users,
    title: 'standard users (people; integration users by API-only profile or Salesforce Integration licence)',
    endpoints: ['query:User'],
    permission: 'View All Users (API Enabled)',
    required: false,
    people: true,
    lists: ['integration_user'],
  },
  {
    // Also a lister: users that only ever log in through the API are integration users only this list shows.
    id: SOURCE.loginHistory,
    title: 'login history over the window (last login; users whose every login is an API or OAuth login)',
    endpoints: ['query:LoginHistory'],
    permission: 'Manage Users',
    required: false,
    lists: ['integration_user'],
    fills: { nativeTypes: ['integration_user'], fields: ['lastUsedAt'] },
  },
  {
    id: SOURCE.permissionAssignments,
    title: "integration users' permission sets and profiles (Modify All Data, View All Data, API Enabled …)",
    endpoints: ['query:PermissionSetAssignment'],
    permission: 'View Setup and Configuration',
    required: false,
    fills: { nativeTypes: ['integration_user'], fields: ['permissions'] },
  },
  {
    // Required: who publishes each app (a managed package's namespace) is what vendor-incident mode selects by; a
    // scan that could not read it would report every vendor app as the org's own.
    id: SOURCE.appMenu,
    title: "connected apps' App Launcher items (the managed package namespace: a third party publishes the app)",
    endpoints: ['query:AppMenuItem'],
    permission: 'View Setup and Configuration',
    required: true,
  },
  {
    id: SOURCE.oauthTokens,
    title: "OAuth tokens (each user's grant to each connected app; app last use)",
    endpoints: ['query:OauthToken'],
    permission: "Customize Application (all users' tokens; without it only the scanner's own)",
    required: false,
    lists: ['oauth_token'],
    fills: { nativeTypes: ['connected_app'], fields: ['lastUsedAt'] },
  },
  {
    // Required: connected apps are the org's OAuth clients; without them the org means little.
    id: SOURCE.connectedApps,
    title: 'connected apps and their OAuth policies (permitted users, refresh-token policy)',
    endpoints: ['query:ConnectedApplication'],
    permission: 'View Setup and Configuration',
    required: true,
    lists: ['connected_app'],
  },
  {
    id: SOURCE.namedCredentials,
    title: 'named credentials (callout endpoints and the principal type of their stored credential)',
    endpoints: ['query:NamedCredential'],
    permission: 'View Setup and Configuration',
    required: false,
    lists: ['named_credential'],
  },
];

/** Raw field names whose values are secrets in Salesforce payloads (OauthToken's revocation handle, session ids). */
export const SALESFORCE_SECRET_FIELDS: readonly string[] = [
  'DeleteToken',
  'RequestToken',
  'access_token',
  'refresh_token',
  'sessionId',
  'ConsumerSecret',
];
