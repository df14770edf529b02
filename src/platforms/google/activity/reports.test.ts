import { describe, expect, it } from 'vitest';
import { RecordRejected } from '../../../monitoring/event.js';
import { googleReportsFormat, googleReportsFormatFor } from './reports.js';

/**
 * Hand-written activities in the shape of the Reports API reference (Activity: kind, id {time, uniqueQualifier,
 * applicationName, customerId}, actor {callerType, email, profileId, key, applicationInfo}, ipAddress, events[] {type,
 * name, parameters[]}) and its token, admin and login event appendices.
 */
type Obj = Record<string, unknown>;
const activity = (app: string, events: Obj[], over: Obj = {}): Obj => ({
  kind: 'admin#reports#activity',
  id: {
    time: '2026-11-02T10:00:00.123Z',
    uniqueQualifier: '-5224040487274219132',
    applicationName: app,
    customerId: 'C03az79cb',
  },
  etag: '"x"',
  actor: { callerType: 'USER', email: 'Ana.Admin@example.com', profileId: '109950366970271381671' },
  ipAddress: '198.51.100.4',
  events,
  ...over,
});
const parse = (a: Obj) => googleReportsFormat.parse(a);
const tokenEvent = (name: string) => ({
  name,
  parameters: [
    { name: 'client_id', value: '905154081809-abc.apps.googleusercontent.com' },
    { name: 'app_name', value: 'Notion' },
    { name: 'client_type', value: 'WEB' },
    { name: 'scope', multiValue: ['openid', 'https://www.googleapis.com/auth/drive'] },
  ],
});

describe('Google Reports parser', () => {
  it('a token event is the OAuth client acting on the user: found by its client id', () => {
    const [e] = parse(activity('token', [tokenEvent('authorize')]));
    expect(e).toMatchObject({
      id: 'token:2026-11-02T10:00:00.123Z:-5224040487274219132:authorize',
      platform: 'google',
      tenant: 'C03az79cb',
      time: Date.parse('2026-11-02T10:00:00.123Z'),
      classUid: 3002,
      operation: 'token:authorize',
      sourceIp: '198.51.100.4',
      success: true,
      target: 'Ana.Admin@example.com',
      targetKeys: ['email=ana.admin@example.com'],
      tags: [],
    });
    expect(e.actor).toEqual({
      principal: '905154081809-abc.apps.googleusercontent.com',
      name: 'Notion',
      keys: ['905154081809-abc.apps.googleusercontent.com'],
      programmatic: true,
      vendorService: false,
    });
    expect(parse(activity('token', [tokenEvent('activity')]))[0].classUid).toBe(6003);
  });

  it('domain-wide delegation granted by an admin: a trust change on the client, the admin a person', () => {
    const [e] = parse(
      activity('admin', [
        {
          type: 'DOMAIN_SETTINGS',
          name: 'AUTHORIZE_API_CLIENT_ACCESS',
          parameters: [
            { name: 'API_CLIENT_NAME', value: '113456789012345678901' },
            { name: 'API_SCOPES', multiValue: ['https://mail.google.com/'] },
          ],
        },
      ]),
    );
    expect(e).toMatchObject({
      operation: 'admin:AUTHORIZE_API_CLIENT_ACCESS',
      tags: ['trust.write'],
      target: '113456789012345678901',
      targetKeys: ['113456789012345678901'],
    });
    expect(e.actor).toEqual({
      principal: 'ana.admin@example.com',
      name: 'ana.admin@example.com',
      keys: ['ana.admin@example.com', '109950366970271381671'],
      programmatic: false,
      vendorService: false,
      person: true,
    });
  });

  it('a client impersonating an admin (applicationInfo) is the client; a service account e-mail is programmatic', () => {
    const assign = {
      type: 'DELEGATED_ADMIN_SETTINGS',
      name: 'ASSIGN_ROLE',
      parameters: [{ name: 'USER_EMAIL', value: 'bob@example.com' }],
    };
    const [dwd] = parse(
      activity('admin', [assign], {
        actor: {
          callerType: 'USER',
          email: 'ana.admin@example.com',
          applicationInfo: { oauthClientId: '113456789012345678901', applicationName: 'sync-bot', impersonation: true },
        },
      }),
    );
    expect(dwd.actor).toMatchObject({ principal: '113456789012345678901', name: 'sync-bot', programmatic: true });
    expect([dwd.tags, dwd.target]).toEqual([['iam.write'], 'bob@example.com']);
    const [sa] = parse(activity('admin', [assign], { actor: { email: 'sync@proj-1.iam.gserviceaccount.com' } }));
    expect(sa.actor).toMatchObject({ keys: ['email=sync@proj-1.iam.gserviceaccount.com'], programmatic: true });
    expect(sa.actor.person).toBeUndefined();
  });

  it("Google's own changes (KEY SYSTEM) are the vendor's; a failed login is a failure", () => {
    const [lic] = parse(
      activity('admin', [{ type: 'LICENSES_SETTINGS', name: 'USER_LICENSE_ASSIGNMENT' }], {
        actor: { callerType: 'KEY', key: 'SYSTEM' },
      }),
    );
    expect(lic.actor).toMatchObject({ vendorService: true, keys: [] });
    const [ok] = parse(activity('login', [{ type: 'login', name: 'login_success' }]));
    const [bad] = parse(activity('login', [{ type: 'login', name: 'login_failure' }]));
    expect([ok.tags, ok.success, ok.classUid, bad.success]).toEqual([['login.interactive'], true, 3002, false]);
  });

  it('one event per events[] item, each with its own id; an events object (Elastic) is one event', () => {
    const three = parse(
      activity('admin', [{ name: 'CREATE_ROLE' }, { name: 'ADD_PRIVILEGE' }, { name: 'ADD_PRIVILEGE' }]),
    );
    expect(three.map((e) => [e.id.replace(/^.*:/, ''), e.tags])).toEqual([
      ['CREATE_ROLE', ['iam.write']],
      ['ADD_PRIVILEGE', ['iam.write']],
      ['ADD_PRIVILEGE#1', ['iam.write']],
    ]);
    const [one] = parse(activity('token', tokenEvent('revoke') as never));
    expect(one.operation).toBe('token:revoke');
  });

  it('a collected activity carries the tenant it was read from', () => {
    expect(googleReportsFormatFor('acme').parse(activity('login', [{ name: 'logout' }]))[0].tenant).toBe('acme');
  });

  it('rejects what is not an activity, naming why', () => {
    expect(() => parse({ kind: 'admin#reports#activity', events: [] })).toThrow(RecordRejected);
    expect(() =>
      parse(
        activity('login', [{ name: 'x' }], { id: { applicationName: 'login', time: 'soon', uniqueQualifier: '1' } }),
      ),
    ).toThrow(/id.time is not a time/);
    expect(() => googleReportsFormat.parse('x')).toThrow(/not a JSON object/);
  });
});
