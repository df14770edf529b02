import { describe, expect, it } from 'vitest';
import { RecordRejected } from '../../../monitoring/event.js';
import { oktaSystemLogFormat, oktaSystemLogFormatFor } from './system-log.js';

/**
 * Hand-written LogEvents in the shape of Okta's System Log API reference (LogEvent: uuid, published, eventType,
 * actor, client, outcome, transaction, target[]) and its examples: an API token created by an admin, a request made
 * with an SSWS token (`transaction.detail.requestApiTokenId`), a client-credentials token grant by a service app
 * (actor `PublicClientApp`), an import by Okta itself (`SystemPrincipal`), a log stream deactivated.
 */
type Obj = Record<string, unknown>;
const event = (over: Obj): Obj => ({
  uuid: 'dc9fd3c0-598c-11ef-8478-2b7584bf8d5a',
  published: '2026-11-02T15:58:20.353Z',
  eventType: 'user.lifecycle.create',
  version: '0',
  severity: 'INFO',
  displayMessage: 'Create okta user',
  actor: {
    id: '00uttidj01jqL21aM1d6',
    type: 'User',
    alternateId: 'jane.admin@example.com',
    displayName: 'Jane Admin',
    detailEntry: null,
  },
  client: {
    userAgent: { rawUserAgent: 'okta-sdk-nodejs/7.1.0', os: 'Unknown', browser: 'UNKNOWN' },
    zone: 'null',
    device: 'Unknown',
    id: null,
    ipAddress: '198.51.100.23',
    geographicalContext: null,
  },
  outcome: { result: 'SUCCESS', reason: null },
  transaction: { type: 'WEB', id: 'YjSlblAAqnKY7CdyCkXNBgAAAIU', detail: {} },
  target: [{ id: '00u1newuser0000000001', type: 'User', alternateId: 'new.hire@example.com', displayName: 'New Hire' }],
  ...over,
});
const parse = (e: Obj) => oktaSystemLogFormat.parse(e);

describe('Okta System Log parser', () => {
  it('reads an API token created by an admin: a person acting, a credential-creation on the token', () => {
    const [e] = parse(
      event({
        eventType: 'system.api_token.create',
        displayMessage: 'Create API token',
        target: [{ id: '00Tpki36zlWjhjQ1u2p4', type: 'Token', alternateId: 'unknown', displayName: 'scim-sync' }],
      }),
    );
    expect(e).toMatchObject({
      id: 'dc9fd3c0-598c-11ef-8478-2b7584bf8d5a',
      platform: 'okta',
      tenant: '',
      time: Date.parse('2026-11-02T15:58:20.353Z'),
      classUid: 3001,
      operation: 'system:system.api_token.create',
      sourceIp: '198.51.100.23',
      userAgent: 'okta-sdk-nodejs/7.1.0',
      success: true,
      target: 'scim-sync',
      targetKeys: ['00Tpki36zlWjhjQ1u2p4'],
      tags: ['credential.create'],
    });
    expect(e.actor).toEqual({
      principal: '00uttidj01jqL21aM1d6',
      name: 'jane.admin@example.com',
      keys: ['00uttidj01jqL21aM1d6'],
      programmatic: false,
      vendorService: false,
      person: true,
    });
  });

  it('a request made with an SSWS token is the token: its id is the key, the admin only names it', () => {
    const [e] = parse(event({ transaction: { type: 'WEB', id: 'tx1', detail: { requestApiTokenId: '00T94e3cn9k' } } }));
    expect(e.actor).toEqual({
      principal: '00uttidj01jqL21aM1d6#token:00T94e3cn9k',
      name: 'jane.admin@example.com (API token 00T94e3cn9k)',
      keys: ['00T94e3cn9k'],
      programmatic: true,
      vendorService: false,
    });
    expect(e.classUid).toBe(6003);
  });

  it('a client-credentials grant is the OAuth client, found by app id or by its clientId attribute', () => {
    const [e] = parse(
      event({
        eventType: 'app.oauth2.as.token.grant.access_token',
        actor: { id: '0oa1ReportBot', type: 'PublicClientApp', alternateId: '0oa1ReportBot', displayName: 'Reports' },
        client: { id: '0oa1ReportBot', ipAddress: '203.0.113.9', userAgent: null },
        target: [{ id: 'AT.x1', type: 'access_token', alternateId: 'unknown', displayName: 'Access Token' }],
      }),
    );
    expect(e.actor).toMatchObject({
      principal: '0oa1ReportBot',
      name: 'Reports',
      keys: ['0oa1ReportBot', 'clientId=0oa1reportbot'],
      programmatic: true,
    });
    expect(e.actor.person).toBeUndefined();
    expect([e.classUid, e.tags, e.userAgent]).toEqual([3002, [], null]);
  });

  it("Okta's own jobs are the vendor's (SystemPrincipal); refusals are failures", () => {
    const [job] = parse(
      event({
        eventType: 'system.import.start',
        actor: { id: '0oa2ad', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' },
      }),
    );
    expect(job.actor).toMatchObject({ vendorService: true, keys: [] });
    const [denied] = parse(event({ outcome: { result: 'DENY', reason: 'Network zone' } }));
    const [challenged] = parse(event({ outcome: { result: 'CHALLENGE' } }));
    expect([denied.success, challenged.success]).toEqual([false, false]);
  });

  it('tags anti-forensics, trust and interactive sign-ins from the catalogue', () => {
    const tagsOf = (eventType: string) => parse(event({ eventType }))[0].tags;
    expect(tagsOf('system.log_stream.lifecycle.deactivate')).toEqual(['logging.disable']);
    expect(tagsOf('app.oauth2.credentials.lifecycle.create')).toEqual(['credential.create']);
    expect(tagsOf('user.account.privilege.grant')).toEqual(['iam.write']);
    expect(tagsOf('policy.rule.update')).toEqual(['trust.write']);
    expect(tagsOf('user.session.start')).toEqual(['login.interactive']);
    expect(tagsOf('group.user_membership.add')).toEqual([]);
  });

  it('a collected event carries the tenant it was read from; a time without a zone is UTC', () => {
    const [e] = oktaSystemLogFormatFor('acme').parse(event({ published: '2021-01-08 21:28:34.875' }));
    expect([e.tenant, e.time]).toEqual(['acme', Date.parse('2021-01-08T21:28:34.875Z')]);
  });

  it('reads an Okta_CL row (Microsoft Sentinel) as the LogEvent it flattens', () => {
    const row = {
      TenantId: 'a123456z-a123-1234-1234-1234aabbcc56',
      uuid_g: '62c3328c-9f9e-11ea-86e9-e5b0d2d0f179',
      published_t: '2020-05-26T22:15:19.883Z',
      eventType_s: 'system.api_token.create',
      actor_id_s: '00urjk4znu3BcncfY0h7',
      actor_type_s: 'User',
      actor_alternateId_s: 'user100@abccompany.com',
      client_ipAddress_s: '',
      outcome_result_s: 'SUCCESS',
      securityContext_asNumber_d: '10993',
      target_s: '[{"id":"00Tabc","type":"Token","alternateId":"unknown","displayName":"ci"}]',
      transaction_id_s: 'unknown',
    };
    const [e] = parse(row);
    expect(e).toMatchObject({
      id: '62c3328c-9f9e-11ea-86e9-e5b0d2d0f179',
      operation: 'system:system.api_token.create',
      sourceIp: null,
      target: 'ci',
      targetKeys: ['00Tabc'],
      actor: { principal: '00urjk4znu3BcncfY0h7', person: true },
    });
  });

  it('rejects what is not a LogEvent, naming why', () => {
    expect(() => parse({ eventType: 'user.session.start' })).toThrow(RecordRejected);
    expect(() => parse(event({ published: 'yesterday' }))).toThrow(/published is not a time/);
    expect(() => oktaSystemLogFormat.parse([1])).toThrow(/not a JSON object/);
  });
});
