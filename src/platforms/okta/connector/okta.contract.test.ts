import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Identity } from '../../../model/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { factsProblems } from '../fixtures/facts-check.js';
import * as apiServices from './api-services.js';
import * as apiTokens from './api-tokens.js';
import * as apps from './apps.js';
import { jwkCredential, secretCredential } from './credentials.js';
import { rolePermission, scopePermission } from './grants.js';
import { jwksList } from './requests.js';
import { clientOf, LastSeen, tokenOf } from './usage.js';
import type {
  OktaApiService,
  OktaApiToken,
  OktaApp,
  OktaClientSecret,
  OktaGrant,
  OktaJwk,
  OktaLogEvent,
  OktaRoleAssignment,
} from './wire.js';

/** Feeds Okta's own example payloads (the Management API OpenAPI description) through the pure transforms. */
const corpora = (() => {
  try {
    return corporaDir();
  } catch {
    return null; // no ../shared/corpora here: the contract tests are skipped
  }
})();
const dir = join(corpora ?? '.', 'okta-management-openapi', 'examples');
const examples = <T>(operation: string, status = 200): T[] => {
  const doc = JSON.parse(readFileSync(join(dir, `${operation}.${status}.json`), 'utf8')) as {
    examples: Record<string, T>;
  };
  return Object.values(doc.examples);
};
const t = { tenant: 'yourorg' };
const none = { secrets: [], jwks: [], grants: [], roles: [], lastUsedAt: null, stale: [] };

describe.skipIf(!corpora)('Okta transforms on the vendor example payloads', () => {
  it('listApplications: SAML and browser-plugin apps are not NHIs; createApplication: an OIDC native app is', () => {
    const listed = examples<OktaApp[]>('listApplications').flat();
    expect(listed.length).toBeGreaterThan(0);
    for (const raw of listed) expect(apps.transform(raw, none, t)).toBeNull();
    const created = examples<OktaApp>('createApplication', 200).filter((a) => a.signOnMode === 'OPENID_CONNECT');
    expect(created.length).toBe(1);
    const out = Identity.parse(apps.transform(created[0], none, t));
    expect(out.nativeType).toBe('oauth_app');
    expect(out.attributes.clientId).toBe(created[0].credentials?.oauthClient?.client_id);
    expect(out.attributes.tokenEndpointAuthMethod).toBe('client_secret_post');
    expect(JSON.stringify(out)).not.toContain('wj9bOsLK0BRN'); // the client_secret of the creation answer
    expect(factsProblems(out)).toEqual([]);
  });

  it('listApiTokens and getApiToken: creator, network and idle expiry', () => {
    const tokens = [...examples<OktaApiToken[]>('listApiTokens').flat(), ...examples<OktaApiToken>('getApiToken')];
    expect(tokens.length).toBe(3);
    for (const raw of tokens) {
      const out = Identity.parse(apiTokens.transform(raw, { creatorRoles: [], lastUsedAt: null, stale: [] }, t));
      expect(out.id).toBe(`okta:yourorg:api_token:${raw.id}`);
      expect(out.ownerClaims).toEqual([expect.objectContaining({ ref: raw.userId, refType: 'native_user_id' })]);
      expect(out.attributes.networkConnection).toBe(raw.network?.connection ?? null);
      // Okta's expiresAt is an idle expiry: kept as a fact, not as the credential's expiry.
      expect(out.credentials[0].expiresAt).toBeNull();
      expect(out.credentials[0].attributes.idleExpiresAt).toBe(new Date(String(raw.expiresAt)).toISOString());
      expect(factsProblems(out)).toEqual([]);
    }
  });

  it('client secrets (apps and integrations) and JWKs: status, created, no value kept', () => {
    const secrets = [
      ...examples<OktaClientSecret[]>('listOAuth2ClientSecrets').flat(),
      ...examples<OktaClientSecret[]>('listApiServiceIntegrationInstanceSecrets').flat(),
    ];
    for (const raw of secrets) {
      const c = secretCredential('okta:yourorg:service_app:0oa1', raw);
      expect(c.enabled).toBe(raw.status === 'ACTIVE');
      expect(c.fingerprint).toBe(raw.secret_hash);
      expect(JSON.stringify(c)).not.toContain(String(raw.client_secret));
    }
    const keys = examples<unknown>('listJwk').flatMap((body) => jwksList<OktaJwk>(body, null)?.items ?? []);
    expect(keys.length).toBe(2);
    expect(keys.map((k) => jwkCredential('x', k).id)).toEqual(keys.map((k) => `x:jwk:${k.kid}`));
    expect(jwkCredential('x', examples<OktaJwk>('getJwk')[0]).type).toBe('private_key');
  });

  it('listScopeConsentGrants and listRolesForClient: scope and role tiers', () => {
    const grants = examples<OktaGrant[]>('listScopeConsentGrants').flat();
    expect(grants.map((g) => scopePermission(g)?.access)).toEqual(['read', 'admin']);
    const roles = examples<OktaRoleAssignment[]>('listRolesForClient').flat();
    expect(roles.map((r) => rolePermission(r, 'x')?.nativeName)).toEqual([
      'role:HELP_DESK_ADMIN',
      'role:CUSTOM',
      'role:ACCESS_CERTIFICATIONS_ADMIN',
    ]);
  });

  it('listApiServiceIntegrationInstances: a third-party integration with its granted scopes', () => {
    for (const raw of examples<OktaApiService[]>('listApiServiceIntegrationInstances').flat()) {
      const out = Identity.parse(apiServices.transform(raw, { secrets: [], lastUsedAt: null, stale: [] }, t));
      expect(out.permissions.map((p) => p.nativeName)).toEqual(raw.grantedScopes);
      expect(out.ownerClaims[0]?.ref).toBe(raw.createdBy);
      expect(factsProblems(out)).toEqual([]);
    }
  });

  it('listLogEvents: events read without error; no token grant in the examples means no client use', () => {
    const events = examples<OktaLogEvent | OktaLogEvent[]>('listLogEvents').flat();
    const clients = new LastSeen();
    const tokens = new LastSeen();
    for (const e of events) {
      clients.add(e.eventType?.includes('token.grant') ? clientOf(e) : null, e.published);
      tokens.add(tokenOf(e), e.published);
    }
    expect(events.length).toBeGreaterThan(1);
    expect(clients.size).toBe(0);
  });
});
