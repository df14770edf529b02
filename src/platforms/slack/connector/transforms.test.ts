import { describe, expect, it } from 'vitest';
import { Identity } from '../../../model/index.js';
import { APPROVED_APPS, RESTRICTED_APPS } from '../fixtures/apps.js';
import { INTEGRATION_LOGS } from '../fixtures/integration-logs.js';
import { TENANT, USER } from '../fixtures/org.js';
import { APP_REQUESTS } from '../fixtures/requests.js';
import { BOTS, MEMBERS } from '../fixtures/users.js';
import * as appRequests from './app-requests.js';
import * as apps from './apps.js';
import { installsOf } from './audit-logs.js';
import { epoch } from './common.js';
import * as integrations from './integrations.js';
import { scopeTier } from './permission-map.js';
import * as users from './users.js';

const t = { tenant: TENANT };

describe('Slack app transform (admin.apps.approved/restricted.list)', () => {
  it('a third-party approved app: scopes per token type tiered, the resolving admin as consenting owner', () => {
    const out = Identity.parse(apps.transform(APPROVED_APPS[0], 'approved', t));
    expect(out).toMatchObject({
      id: 'slack:acme-fixture:app:A0FXARCHIV1',
      kind: 'oauth_app',
      name: 'Archive Export',
      enabled: true,
      thirdParty: true,
      publisher: { name: null, verified: true, domain: 'archiveexport.example' },
      createdAt: null,
    });
    expect(out.attributes).toMatchObject({
      status: 'approved',
      resolvedAt: '2025-02-10T09:00:00.000Z',
      resolvedBy: USER.departedAdmin,
    });
    expect(out.permissions.map((p) => [p.nativeName, p.access, p.sensitivity, p.attributes.tokenType])).toEqual([
      ['channels:history', 'read', 'high', 'user'],
      ['files:read', 'read', 'high', 'user'],
      ['users:read.email', 'read', 'high', 'user'],
      ['team:read', 'read', 'low', 'user'],
    ]);
    expect(out.ownerClaims).toEqual([
      expect.objectContaining({ ref: USER.departedAdmin, refType: 'native_user_id', source: 'consenting_user' }),
    ]);
  });

  it('an internal app has no publisher; a restricted app holds nothing and keeps its scopes as a fact', () => {
    expect(apps.transform(APPROVED_APPS[1], 'approved', t)).toMatchObject({ thirdParty: false, publisher: null });
    const restricted = Identity.parse(apps.transform(RESTRICTED_APPS[0], 'restricted', t));
    expect(restricted).toMatchObject({ enabled: false, permissions: [] });
    expect(restricted.attributes.restrictedScopes).toEqual(['channels:history', 'files:read', 'admin.users:read']);
  });

  it('an app entry without app.id is refused (quarantined), not stored under a made-up id', () => {
    expect(() => apps.transform({ scopes: [] }, 'approved', t)).toThrow(/app entry `app` is not an object/);
    expect(() => apps.transform({ app: { name: 'x' } }, 'approved', t)).toThrow(/Slack app without id/);
  });
});

describe('Slack scope table', () => {
  it('rates admin.* and the legacy admin/client scopes admin, history and files high, unknown scopes by form', () => {
    expect(scopeTier('admin.conversations:write')).toEqual({ access: 'admin', sensitivity: 'high', pathToAdmin: true });
    expect(scopeTier('client').access).toBe('admin');
    expect(scopeTier('im:history')).toEqual({ access: 'read', sensitivity: 'high', pathToAdmin: false });
    expect(scopeTier('bookmarks:write')).toEqual({ access: 'write', sensitivity: 'medium', pathToAdmin: false });
    expect(scopeTier('bookmarks:read')).toEqual({ access: 'read', sensitivity: 'medium', pathToAdmin: false });
  });
});

describe('Slack app request transform (admin.apps.requests.list)', () => {
  it('a pending request: created when asked, not enabled, requester as installer, high scopes named', () => {
    const out = Identity.parse(appRequests.transform(APP_REQUESTS[0], t));
    expect(out).toMatchObject({
      id: 'slack:acme-fixture:app_request:Ar0FXNOTES1',
      kind: 'oauth_grant',
      name: 'Meeting Notes (request)',
      createdAt: '2026-10-20T08:00:00.000Z',
      createdBy: USER.engineer,
      enabled: false,
      thirdParty: true,
      permissions: [],
    });
    expect(out.attributes).toMatchObject({
      requestedScopes: ['im:history', 'chat:write'],
      highRiskScopes: ['im:history', 'chat:write'],
    });
    expect(out.ownerClaims[0]).toMatchObject({ ref: USER.engineer, source: 'installer' });
    expect(appRequests.transform(APP_REQUESTS[1], t).attributes?.highRiskScopes).toEqual([]);
  });
});

describe('Slack members (users.list, bots.info)', () => {
  it('people: Slackbot and bots left out, a deactivated member departed, e-mail lower-cased', () => {
    expect(MEMBERS.map(users.memberKind)).toEqual(['person', 'person', 'person', 'person', 'none', 'bot', 'bot']);
    const gone = users.toPerson(MEMBERS[2], t);
    expect(gone).toMatchObject({
      id: 'slack:acme-fixture:person:W0FXGONE003',
      status: 'departed',
      email: 'gus.gone@acme.test',
    });
    expect(users.toPerson(MEMBERS[0], t).email).toBe('olga.owner@acme.test');
  });

  it('a bot user with its bots.info: app id, updated; a deleted bot is disabled; unread info leaves the profile facts', () => {
    const governor = users.toBot(MEMBERS[6], { bot: BOTS.B0FXBOT0002, stale: [] }, t);
    expect(governor).toMatchObject({
      id: 'slack:acme-fixture:bot:U0FXBOT0002',
      kind: 'bot',
      name: 'Channel Governor',
      enabled: false,
    });
    expect(governor.attributes).toMatchObject({
      botId: 'B0FXBOT0002',
      appId: 'A0FXGOVERN2',
      botUpdatedAt: '2026-09-10T08:30:00.000Z',
    });
    const stale = [{ field: 'enabled' as const, source: 'bot-info' }];
    const unread = users.toBot(MEMBERS[6], { bot: null, stale }, t);
    expect(unread).toMatchObject({ enabled: true, stale });
    expect(unread.attributes).toMatchObject({ appId: 'A0FXGOVERN2', botUpdatedAt: null });
  });
});

describe('Slack integration log fold (team.integrationLogs)', () => {
  it('keeps what is installed now: the latest entry decides, the latest add names the installer', () => {
    const installed = integrations.foldLogs(INTEGRATION_LOGS).map((i) => integrations.transform(i, t));
    expect(installed.map((i) => i.nativeId)).toEqual(['A0FXDEPLOY1', 'service:20361']);
    const [deploy, rss] = installed;
    expect(deploy).toMatchObject({
      name: 'Deploy Notifier',
      createdAt: '2025-10-09T08:53:20.000Z',
      createdBy: USER.engineer,
    });
    expect(deploy.permissions?.map((p) => p.nativeName)).toEqual(['chat:write', 'commands', 'incoming-webhook']);
    expect(deploy.attributes).toMatchObject({ lastChange: 'expanded', lastChangeAt: '2026-03-02T10:00:00.000Z' });
    expect(rss).toMatchObject({ name: 'RSS', permissions: [] });
    expect(rss.ownerClaims?.[0]).toMatchObject({ ref: USER.departedAdmin, source: 'installer' });
  });

  it('epoch seconds as numbers or strings, nothing for 0 or garbage', () => {
    expect([epoch(1714552800), epoch('1714552800'), epoch(0), epoch('x'), epoch(null)]).toEqual([
      '2024-05-01T08:40:00.000Z',
      '2024-05-01T08:40:00.000Z',
      null,
      null,
      null,
    ]);
  });
});

describe('Slack Audit Logs API installs', () => {
  const entry = (appId: string, userId: string, at: number, action = 'app_installed') => ({
    id: `${appId}-${at}`,
    date_create: at,
    action,
    actor: { type: 'user', user: { id: userId } },
    entity: { type: 'app', app: { id: appId } },
  });

  it('keeps the latest app_installed per app, ignores other actions and entries without an app', () => {
    const installs = installsOf([
      entry('A1', 'W1', 1714552800),
      entry('A1', 'W2', 1714639200),
      entry('A1', 'W3', 1714725600, 'app_approved'),
      entry('A2', 'W1', 1714552800),
      { action: 'app_installed', date_create: 1714552800 },
    ]);
    expect([...installs]).toEqual([
      ['A1', { userId: 'W2', at: '2024-05-02T08:40:00.000Z' }],
      ['A2', { userId: 'W1', at: '2024-05-01T08:40:00.000Z' }],
    ]);
  });

  it('an installed app: the installer (audit_log) before the resolving admin, install date as a fact', () => {
    const out = apps.transform(APPROVED_APPS[1], 'approved', t, {
      install: { userId: USER.engineer, at: '2026-02-28T10:00:00.000Z' },
      stale: [],
    });
    expect(out.createdBy).toBe(USER.engineer);
    expect(out.attributes?.installedAt).toBe('2026-02-28T10:00:00.000Z');
    expect(out.ownerClaims?.map((c) => [c.ref, c.source])).toEqual([
      [USER.engineer, 'audit_log'],
      [USER.admin, 'consenting_user'],
    ]);
  });
});
