import type { SourceSpec } from '../../../sync/sources.js';
import { CLOUD_SECRET_FIELDS, CLOUD_SOURCES } from './cloud-sources.js';

/**
 * The Google API methods the connector reads (docs/connectors/google.md, "Sources"). Endpoints are the discovery
 * documents' paths under each API's root URL; the permission is the OAuth scope (Workspace: granted to Steward's
 * service account by domain-wide delegation, used as the admin `subject`) and the admin privilege it needs.
 */
export const SOURCE = {
  users: 'users',
  tokens: 'user-tokens',
  tokenActivity: 'token-activity',
  adminActivity: 'admin-activity',
} as const;

export const ENDPOINTS = {
  users: 'GET /admin/directory/v1/users',
  tokens: 'GET /admin/directory/v1/users/{userKey}/tokens',
  tokenActivity: 'GET /admin/reports/v1/activity/users/all/applications/token',
  adminActivity: 'GET /admin/reports/v1/activity/users/all/applications/admin',
} as const;

const REPORTS = 'https://www.googleapis.com/auth/admin.reports.audit.readonly (an admin with the Reports privilege)';

export const WORKSPACE_SOURCES: readonly SourceSpec[] = [
  {
    // Required: the users are the people source and the list tokens.list walks.
    id: SOURCE.users,
    title: 'Workspace users: people (suspended and archived ones as departed) and whose tokens to read',
    endpoints: [ENDPOINTS.users],
    permission:
      'https://www.googleapis.com/auth/admin.directory.user.readonly (an admin with the Users > Read privilege)',
    required: true,
    people: true,
  },
  {
    id: SOURCE.tokens,
    title: "each user's third-party OAuth tokens (one tokens.list per user): the OAuth clients and their scopes",
    endpoints: [ENDPOINTS.tokens],
    permission:
      'https://www.googleapis.com/auth/admin.directory.user.security (an admin with the Users > Security privilege)',
    required: false,
    lists: ['oauth_client'],
  },
  {
    id: SOURCE.tokenActivity,
    title: 'OAuth token events (Reports, application token): first and last use of each client',
    endpoints: [ENDPOINTS.tokenActivity],
    permission: REPORTS,
    required: false,
    fills: { nativeTypes: ['oauth_client'], fields: ['lastUsedAt', 'attributes.firstUsedAt', 'attributes.clientType'] },
  },
  {
    id: SOURCE.adminActivity,
    title: 'domain-wide delegation granted and removed (Reports, application admin: AUTHORIZE_API_CLIENT_ACCESS)',
    endpoints: [ENDPOINTS.adminActivity],
    permission: REPORTS,
    required: false,
    lists: ['dwd_client'],
  },
];

export const GOOGLE_SOURCES: readonly SourceSpec[] = [...WORKSPACE_SOURCES, ...CLOUD_SOURCES];

/** Raw field names whose values are secrets in Google payloads (key material; never in the lists read here). */
export const GOOGLE_SECRET_FIELDS: readonly string[] = [
  'private_key',
  'privateKeyData',
  'access_token',
  'refresh_token',
  'client_secret',
  ...CLOUD_SECRET_FIELDS,
];
