import type { SourceSpec } from '../../../sync/sources.js';

/**
 * The Okta lists and lookups the connector reads (docs/connectors/okta.md, "Sources"). Endpoints are the Management
 * API templates as Okta documents them; the permission is the OAuth 2.0 read scope of each (an SSWS token has the
 * rights of the admin who created it: a Read-Only Administrator reads all of these).
 */
export const SOURCE = {
  users: 'users',
  clientUsage: 'client-usage',
  tokenUsage: 'token-usage',
  apps: 'apps',
  appSecrets: 'app-secrets',
  appJwks: 'app-jwks',
  appGrants: 'app-grants',
  clientRoles: 'client-roles',
  apiTokens: 'api-tokens',
  creatorRoles: 'creator-roles',
  apiServices: 'api-services',
  apiServiceSecrets: 'api-service-secrets',
  aiAgents: 'ai-agents',
} as const;

const APPS = ['service_app', 'oauth_app'];

export const OKTA_SOURCES: readonly SourceSpec[] = [
  {
    id: SOURCE.users,
    title: 'users, including deprovisioned ones (people: owners and creators), and managers not in those lists',
    endpoints: ['GET /api/v1/users', 'GET /api/v1/users/{userId}'],
    permission: 'okta.users.read',
    required: false,
    people: true,
  },
  {
    id: SOURCE.clientUsage,
    title: 'last access-token grant per OAuth client (System Log)',
    endpoints: ['GET /api/v1/logs'],
    permission: 'okta.logs.read',
    required: false,
    fills: { nativeTypes: [...APPS, 'api_service_integration'], fields: ['lastUsedAt'] },
  },
  {
    id: SOURCE.tokenUsage,
    title: 'last request per API token (System Log transaction.detail.requestApiTokenId)',
    endpoints: ['GET /api/v1/logs'],
    permission: 'okta.logs.read',
    required: false,
    fills: { nativeTypes: ['api_token'], fields: ['lastUsedAt', 'credentials'] },
  },
  {
    // Required: OAuth apps are the org's main NHIs; without the app list the org means little.
    id: SOURCE.apps,
    title: 'apps (OIDC service apps and other OAuth clients; SAML, bookmark and other SSO apps are skipped)',
    endpoints: ['GET /api/v1/apps'],
    permission: 'okta.apps.read',
    required: true,
    lists: APPS,
  },
  {
    id: SOURCE.appSecrets,
    title: 'client secrets of each OAuth app (status, created; Okta masks the value)',
    endpoints: ['GET /api/v1/apps/{appId}/credentials/secrets'],
    permission: 'okta.apps.read',
    required: false,
    fills: { nativeTypes: APPS, fields: ['credentials'] },
  },
  {
    id: SOURCE.appJwks,
    title: 'public keys (JWKS) of each OAuth app for private_key_jwt',
    endpoints: ['GET /api/v1/apps/{appId}/credentials/jwks'],
    permission: 'okta.apps.read',
    required: false,
    fills: { nativeTypes: APPS, fields: ['credentials'] },
  },
  {
    id: SOURCE.appGrants,
    title: 'Okta API scopes granted to each OAuth app (and who granted them)',
    endpoints: ['GET /api/v1/apps/{appId}/grants'],
    permission: 'okta.appGrants.read',
    required: false,
    fills: { nativeTypes: APPS, fields: ['permissions', 'ownerClaims'] },
  },
  {
    id: SOURCE.clientRoles,
    title: 'admin roles assigned to each OAuth client',
    endpoints: ['GET /oauth2/v1/clients/{clientId}/roles'],
    permission: 'okta.roles.read',
    required: false,
    fills: { nativeTypes: APPS, fields: ['permissions'] },
  },
  {
    id: SOURCE.apiTokens,
    title: 'SSWS API tokens (creator, network restriction, idle expiry)',
    endpoints: ['GET /api/v1/api-tokens'],
    permission: 'okta.apiTokens.read',
    required: false,
    lists: ['api_token'],
  },
  {
    id: SOURCE.creatorRoles,
    title: "admin roles of each API token's creator (a token acts with them)",
    endpoints: ['GET /api/v1/users/{userId}/roles'],
    permission: 'okta.roles.read',
    required: false,
    fills: { nativeTypes: ['api_token'], fields: ['permissions'] },
  },
  {
    id: SOURCE.apiServices,
    title: 'API service integrations (OIN service clients and their granted scopes)',
    endpoints: ['GET /integrations/api/v1/api-services'],
    permission: 'okta.oauthIntegrations.read',
    required: false,
    lists: ['api_service_integration'],
  },
  {
    id: SOURCE.apiServiceSecrets,
    title: 'client secrets of each API service integration',
    endpoints: ['GET /integrations/api/v1/api-services/{apiServiceId}/credentials/secrets'],
    permission: 'okta.oauthIntegrations.read',
    required: false,
    fills: { nativeTypes: ['api_service_integration'], fields: ['credentials'] },
  },
  {
    id: SOURCE.aiAgents,
    title: 'AI agents (Okta for AI Agents, Beta; only with the option agentIdentities)',
    endpoints: ['GET /workload-principals/api/v1/ai-agents'],
    permission: 'okta.aiAgents.read (Okta for AI Agents subscription, Beta; scope name not verified)',
    required: false,
    lists: ['agent_identity'],
  },
];

/**
 * Raw field names whose values are secrets in Okta payloads: a client secret (masked in lists, whole when created),
 * an SSWS token's value (only in the creation answer), a private key's `d`/`p`/`q` and its PEM.
 */
export const OKTA_SECRET_FIELDS: readonly string[] = [
  'client_secret',
  'token',
  'tokenValue',
  'd',
  'p',
  'q',
  'dp',
  'dq',
  'qi',
  'privateKey',
];
