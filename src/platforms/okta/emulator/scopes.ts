/** The OAuth scope each route needs (the spec's `security` of each GET operation; user roles: okta.roles.read). */
const REQUIRED: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/api\/v1\/apps\/[^/]+\/grants/, 'okta.appGrants.read'],
  [/^\/api\/v1\/apps/, 'okta.apps.read'],
  [/^\/api\/v1\/users\/[^/]+\/roles/, 'okta.roles.read'],
  [/^\/api\/v1\/users/, 'okta.users.read'],
  [/^\/api\/v1\/api-tokens/, 'okta.apiTokens.read'],
  [/^\/api\/v1\/logs/, 'okta.logs.read'],
  [/^\/api\/v1\/logStreams/, 'okta.logStreams.read'],
  [/^\/api\/v1\/authorizationServers/, 'okta.authorizationServers.read'],
  [/^\/oauth2\/v1\/clients\/[^/]+\/roles/, 'okta.roles.read'],
  [/^\/integrations\/api\/v1\/api-services/, 'okta.oauthIntegrations.read'],
  [/^\/privileged-access\/api\/v1\/service-accounts/, 'okta.serviceAccounts.read'],
];

export function requiredScope(path: string): string | null {
  for (const [re, scope] of REQUIRED) if (re.test(path)) return scope;
  return null;
}
