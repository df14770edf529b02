import { describe, expect, it } from 'vitest';
import { Identity } from '../../../model/index.js';
import { API_TOKENS } from '../fixtures/api-tokens.js';
import { APP, APPS } from '../fixtures/apps.js';
import { DEPROVISIONED_USERS, USERS } from '../fixtures/users.js';
import { fixtureIdentity, fixturePeople } from '../fixtures/index.js';
import { USER } from '../fixtures/org.js';
import * as apiTokens from './api-tokens.js';
import * as apps from './apps.js';
import { roleTier, scopeTier } from './permission-map.js';
import { nextLink, vendorError } from './requests.js';
import { LastSeen, clientOf, logWindow, tokenOf } from './usage.js';
import { personStatus } from './users.js';

const t = { tenant: 'acme-fixture' };
const app = (id: string) => APPS.find((a) => a.id === id)!;
const none = { secrets: [], jwks: [], grants: [], roles: [], lastUsedAt: null, stale: [] };

describe('Okta app transform', () => {
  it('makes service apps and other OIDC clients identities and skips SAML and bookmark apps', () => {
    expect(APPS.map((a) => apps.appType(a))).toEqual([
      'service_app',
      'service_app',
      'oauth_app',
      'service_app',
      null,
      null,
    ]);
    expect(apps.transform(app(APP.saml), none, t)).toBeNull();
  });

  it('joins secrets and keys as credentials, ACTIVE grants and roles as permissions, and the first grantor as creator', () => {
    const bot = Identity.parse(fixtureIdentity('service_app', APP.reportingBot));
    expect(bot.credentials.map((c) => [c.id.split(':').slice(-2).join(':'), c.type, c.enabled])).toEqual([
      ['secret:ocsfx2old00000000001', 'client_secret', true],
      ['secret:ocsfx2new00000000002', 'client_secret', true],
    ]);
    expect(bot.permissions.map((p) => p.nativeName)).toEqual(['okta.logs.read']); // the REVOKED grant is gone
    expect(bot.ownerClaims).toEqual([
      expect.objectContaining({ ref: USER.departed, source: 'creator', confidence: 0.5 }),
    ]);
    const provisioner = Identity.parse(fixtureIdentity('service_app', APP.provisioner));
    expect(provisioner.credentials.map((c) => [c.id.split(':').pop(), c.type])).toEqual([
      ['provisioner-2026-09', 'private_key'],
    ]);
    expect(provisioner.permissions.map((p) => [p.nativeName, p.access, p.pathToAdmin])).toEqual([
      ['okta.users.read', 'read', false],
      ['okta.users.manage', 'admin', true],
      ['okta.groups.manage', 'write', false],
      ['role:HELP_DESK_ADMIN', 'write', false],
    ]);
    expect(provisioner.lastUsedAt).toBe('2026-10-30T06:00:00.000Z');
  });

  it('passes the stale marks of parts that could not be read', () => {
    const stale = [{ field: 'credentials' as const, source: 'app-secrets' }];
    const out = apps.transform(app(APP.portal), { ...none, secrets: null, stale }, t);
    expect(out?.stale).toEqual(stale);
    expect(out?.credentials).toEqual([]);
  });
});

describe('Okta API token transform', () => {
  it("inherits the creator's roles, names the creator as owner, and takes last use for identity and token", () => {
    const raw = API_TOKENS[0];
    const out = Identity.parse(
      apiTokens.transform(
        raw,
        {
          creatorRoles: [{ id: 'r1', type: 'SUPER_ADMIN', status: 'ACTIVE' }],
          lastUsedAt: '2026-10-24T12:00:00.000Z',
          stale: [],
        },
        t,
      ),
    );
    expect(out.permissions.map((p) => [p.nativeName, p.access, p.attributes.inheritedFrom])).toEqual([
      ['role:SUPER_ADMIN', 'admin', USER.superAdmin],
    ]);
    expect(out.ownerClaims[0]).toMatchObject({ ref: USER.superAdmin, refType: 'native_user_id' });
    expect(out.credentials[0]).toMatchObject({
      type: 'token',
      lastUsedAt: '2026-10-24T12:00:00.000Z',
      expiresAt: null,
    });
    // Okta's expiresAt moves with each use: a fact, not the credential's expiry.
    expect(out.credentials[0].attributes).toMatchObject({
      supportsExpiry: false,
      idleExpiresAt: '2026-11-20T12:00:00.000Z',
    });
  });

  it('refuses a token without id (quarantined by the source)', () => {
    expect(() =>
      apiTokens.transform({ ...API_TOKENS[0], id: undefined }, { creatorRoles: [], lastUsedAt: null, stale: [] }, t),
    ).toThrow(/without id/);
  });
});

describe('Okta people', () => {
  it('deprovisioned users are departed, suspended ones disabled, managers resolved by id', () => {
    expect(['ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'LOCKED_OUT'].map(personStatus)).toEqual([
      'active',
      'disabled',
      'departed',
      'active',
    ]);
    const people = fixturePeople();
    expect(people).toHaveLength(USERS.length + DEPROVISIONED_USERS.length);
    const sam = people.find((p) => p.nativeId === USER.superAdmin)!;
    expect(sam).toMatchObject({
      id: `okta:acme-fixture:person:${USER.superAdmin}`,
      email: 'sam.super@acme-fixture.test',
      managerEmail: 'mia.manager@acme-fixture.test',
    });
    expect(people.find((p) => p.nativeId === USER.departed)?.departedAt).toBe('2026-06-30T17:00:00.000Z');
  });
});

describe('Okta permission tiers', () => {
  it('classifies scopes and roles by the table, then by suffix', () => {
    expect(scopeTier('okta.apiTokens.manage')).toEqual({ access: 'admin', sensitivity: 'high', pathToAdmin: true });
    expect(scopeTier('okta.newThing.manage')).toEqual({ access: 'write', sensitivity: 'high', pathToAdmin: false });
    expect(scopeTier('okta.brands.read').sensitivity).toBe('low');
    expect(scopeTier('okta.newThing.read')).toEqual({ access: 'read', sensitivity: 'medium', pathToAdmin: false });
    expect(roleTier('API_ACCESS_MANAGEMENT_ADMIN')).toEqual({
      access: 'write',
      sensitivity: 'high',
      pathToAdmin: true,
    });
    expect(roleTier('CUSTOM')).toEqual({ access: 'write', sensitivity: 'medium', pathToAdmin: false });
  });
});

describe('Okta System Log usage', () => {
  it('keeps the latest published per client (client.id, else a PublicClientApp actor) and per token', () => {
    const seen = new LastSeen();
    seen.add(clientOf({ client: { id: 'c1' }, actor: { id: 'u', type: 'User' } }), '2026-10-01T00:00:00Z');
    seen.add(clientOf({ client: null, actor: { id: 'c1', type: 'PublicClientApp' } }), '2026-10-03T00:00:00Z');
    seen.add(clientOf({ client: { id: 'c1' } }), '2026-10-02T00:00:00Z');
    seen.add(clientOf({ actor: { id: 'u1', type: 'User' } }), '2026-10-05T00:00:00Z');
    expect([seen.get('c1'), seen.get('u1'), seen.size]).toEqual(['2026-10-03T00:00:00.000Z', null, 1]);
    expect(tokenOf({ transaction: { detail: { requestApiTokenId: '00T1' } } })).toBe('00T1');
    expect(tokenOf({ transaction: { detail: null } })).toBeNull();
    expect(logWindow(new Date('2026-11-01T00:00:00Z'), 90)).toEqual({
      since: '2026-08-03T00:00:00.000Z',
      until: '2026-11-01T00:00:00.000Z',
    });
  });
});

describe('Okta wire conventions', () => {
  it('follows rel="next" on the org and refuses a next link to another host (the token would follow it)', () => {
    const org = 'https://acme.okta.com';
    expect(
      nextLink(
        '<https://acme.okta.com/api/v1/apps?after=x>; rel="next", <https://acme.okta.com/api/v1/apps>; rel="self"',
        org,
        'GET /api/v1/apps',
      ),
    ).toBe('https://acme.okta.com/api/v1/apps?after=x');
    expect(nextLink('<https://acme.okta.com/api/v1/apps>; rel="self"', org, 'GET /api/v1/apps')).toBeNull();
    expect(() => nextLink('<https://evil.test/api/v1/apps?after=x>; rel="next"', org, 'GET /api/v1/apps')).toThrow(
      /outside the org/,
    );
  });

  it("turns the SDK's OktaApiError into an error naming the call, status, code and request id", () => {
    const err = vendorError(
      {
        name: 'OktaApiError',
        status: 403,
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission',
        headers: { get: () => 'req-1' },
      },
      'GET /api/v1/api-tokens',
    ) as Error & { details: Record<string, unknown> };
    expect(err.message).toBe(
      'Okta answered GET /api/v1/api-tokens with HTTP 403 E0000006: You do not have permission (X-Okta-Request-Id req-1)',
    );
    expect(err.details).toMatchObject({ httpStatus: 403, vendorCode: 'E0000006', call: 'GET /api/v1/api-tokens' });
  });
});
