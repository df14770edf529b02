import { describe, expect, it } from 'vitest';
import { AUTHORIZE_EVENTS, DWD, REMOVE_EVENTS, TOKEN_EVENTS } from '../fixtures/activities.js';
import { fixtureClients, fixtureDelegation, fixturePeople } from '../fixtures/index.js';
import { CLIENTS } from '../fixtures/tokens.js';
import { USERS } from '../fixtures/users.js';
import { replay } from './delegation.js';
import { GoogleOptions } from './options.js';
import { advance, eventKey, startTimeOf } from './reports.js';
import { scopeTier } from './scopes.js';
import { foldUsage } from './token-activity.js';
import { rankGrantors } from './tokens.js';

const A = 'https://www.googleapis.com/auth/';

describe('users → people', () => {
  it('archived users have departed, suspended ones are disabled; manager from relations, team from organizations', () => {
    const byEmail = new Map(fixturePeople().map((p) => [p.email, p]));
    expect(byEmail.get('ken@acme-fixture.test')?.status).toBe('departed');
    expect(byEmail.get('barbara@acme-fixture.test')?.status).toBe('disabled');
    expect(byEmail.get('grace@acme-fixture.test')).toMatchObject({
      id: 'google:acme-fixture:person:100000000000000000002',
      status: 'active',
      name: 'Grace Hopper',
      managerEmail: 'ada@acme-fixture.test',
      team: 'platform',
      attributes: { orgUnitPath: '/engineering', isAdmin: false, suspended: false, archived: false },
    });
    expect(byEmail.get('ada@acme-fixture.test')).toMatchObject({ managerEmail: null, attributes: { isAdmin: true } });
    expect(fixturePeople()).toHaveLength(USERS.length);
  });
});

describe('tokens.list → one identity per OAuth client', () => {
  const clients = new Map(fixtureClients().map((c) => [c.nativeId, c]));

  it('folds every user grant of a client: scopes with how many users hold each, grant counts, flags', () => {
    const calendly = clients.get(CLIENTS.calendly)!;
    expect(calendly).toMatchObject({
      id: `google:acme-fixture:oauth_client:${CLIENTS.calendly}`,
      kind: 'oauth_app',
      name: 'Calendly',
      thirdParty: true,
      lastUsedAt: '2026-04-15T10:00:00.000Z',
      lastUsedSource: 'Reports token events',
      attributes: {
        displayText: 'Calendly',
        anonymous: false,
        nativeApp: false,
        clientType: 'WEB',
        grantedUsers: 6,
        departedGrantedUsers: 1,
        highScopes: [],
        firstUsedAt: '2026-04-15T10:00:00.000Z',
      },
    });
    expect(
      calendly.permissions?.map((p) => [p.nativeName, p.access, p.sensitivity, p.attributes?.grantedUsers]),
    ).toEqual([
      [`${A}calendar`, 'write', 'medium', 6],
      [`${A}userinfo.email`, 'read', 'low', 6],
      [`${A}userinfo.profile`, 'read', 'low', 6],
      ['openid', 'read', 'low', 6],
    ]);
    expect(calendly.stale).toEqual([]);
  });

  it('names up to three grantors as owner candidates, active ones first, lower confidence when several granted', () => {
    const claims = clients.get(CLIENTS.calendly)!.ownerClaims!;
    expect(claims.map((c) => [c.ref, c.source, c.confidence])).toEqual([
      ['ada@acme-fixture.test', 'consenting_user', 0.4],
      ['dennis@acme-fixture.test', 'consenting_user', 0.4],
      ['frances@acme-fixture.test', 'consenting_user', 0.4],
    ]);
    expect(clients.get(CLIENTS.legacy)!.ownerClaims).toEqual([
      {
        ref: 'barbara@acme-fixture.test',
        refType: 'email',
        source: 'consenting_user',
        confidence: 0.6,
        evidence: 'the only user who granted it (tokens.list)',
      },
    ]);
    expect(
      rankGrantors([
        { userId: '1', email: 'a@x.test', status: 'departed' },
        { userId: '2', email: 'b@x.test', status: 'active' },
      ])[0].userId,
    ).toBe('2');
  });

  it('a client with no token event has no last use; a revoke event is not use', () => {
    expect(clients.get(CLIENTS.backup)).toMatchObject({ lastUsedAt: null, attributes: { firstUsedAt: null } });
  });

  it('marks grants stale when some users could not be read, and use stale when the events were not read', () => {
    const [first] = fixtureClients(true);
    expect(first.stale?.map((s) => `${s.field}<${s.source}`)).toEqual([
      'permissions<user-tokens',
      'ownerClaims<user-tokens',
      'attributes.grantedUsers<user-tokens',
      'attributes.departedGrantedUsers<user-tokens',
      'attributes.highScopes<user-tokens',
    ]);
  });
});

describe('Reports token events → first and last use', () => {
  it('keeps the earliest and latest authorize/activity time per client, onto what earlier runs folded', () => {
    const folded = foldUsage({}, TOKEN_EVENTS);
    expect(folded[CLIENTS.salesloft]).toEqual({
      firstUsedAt: '2026-09-15T10:00:00.000Z',
      lastUsedAt: '2026-10-31T09:00:00.000Z',
      clientType: 'WEB',
    });
    expect(folded[CLIENTS.backup]).toBeUndefined();
    const later = foldUsage(folded, [TOKEN_EVENTS[0]]);
    expect(later[CLIENTS.salesloft]).toEqual(folded[CLIENTS.salesloft]);
  });

  it('asks from the cursor minus the overlap, and keeps only the keys inside the overlap window', () => {
    const options = GoogleOptions.parse({ reportsOverlapHours: 6, reportsLookbackDays: 30 });
    const now = new Date('2026-11-01T12:00:00.000Z');
    const empty = { cursor: null, seen: [], folded: {} };
    expect(startTimeOf(empty, options, now)).toBe('2026-10-02T12:00:00.000Z');
    const next = advance(empty, TOKEN_EVENTS, options);
    expect(next.cursor).toBe('2026-10-31T09:00:00.000Z');
    expect(next.seen).toEqual([eventKey(TOKEN_EVENTS[0])]);
    expect(startTimeOf(next, options, now)).toBe('2026-10-31T03:00:00.000Z');
  });
});

describe('Reports admin events → domain-wide delegation', () => {
  it('replays in time order: the last scope list counts, a removed client is gone, order of input does not matter', () => {
    const events = [...REMOVE_EVENTS, ...AUTHORIZE_EVENTS];
    const folded = replay({}, events);
    expect(Object.keys(folded).sort()).toEqual([DWD.etl, DWD.vendor].sort());
    expect(folded[DWD.vendor]).toEqual({
      clientId: DWD.vendor,
      scopes: [`${A}calendar.readonly`, `${A}contacts.readonly`],
      authorizedBy: 'ada@acme-fixture.test',
      authorizedAt: '2026-09-01T08:00:00.000Z',
    });
    expect(replay({}, [...events].reverse())).toEqual(folded);
  });

  it('every scope is a tenant-wide permission; the authorising admin is the audit-log owner candidate', () => {
    const etl = fixtureDelegation().find((i) => i.nativeId === DWD.etl)!;
    expect(etl).toMatchObject({
      kind: 'oauth_grant',
      name: `domain-wide delegation: ${DWD.etl}`,
      createdBy: 'ada@acme-fixture.test',
      attributes: {
        serviceAccount: 'etl-runner@acme-prod.iam.gserviceaccount.com',
        serviceAccountsListed: true,
        highScopes: [`${A}drive.readonly`, `${A}gmail.readonly`],
      },
    });
    expect(etl.permissions?.every((p) => p.attributes?.tenantWide === true)).toBe(true);
    expect(etl.ownerClaims?.map((c) => [c.ref, c.source])).toEqual([['ada@acme-fixture.test', 'audit_log']]);
  });
});

describe('scope tiers', () => {
  it('restricted Gmail and Drive scopes, Admin SDK and cloud-platform are high; sign-in low; unknown never low', () => {
    expect(scopeTier('https://mail.google.com/')).toEqual({ access: 'write', sensitivity: 'high', pathToAdmin: false });
    expect(scopeTier(`${A}admin.directory.user`)).toEqual({ access: 'admin', sensitivity: 'high', pathToAdmin: true });
    expect(scopeTier(`${A}admin.chrome.printers`)).toMatchObject({ access: 'admin', sensitivity: 'high' });
    expect(scopeTier(`${A}admin.chrome.printers.readonly`)).toMatchObject({ access: 'read', sensitivity: 'high' });
    expect(scopeTier('openid').sensitivity).toBe('low');
    expect(scopeTier(`${A}tasks`)).toEqual({ access: 'write', sensitivity: 'medium', pathToAdmin: false });
    expect(scopeTier(`${A}tasks.readonly`)).toEqual({ access: 'read', sensitivity: 'medium', pathToAdmin: false });
  });
});
