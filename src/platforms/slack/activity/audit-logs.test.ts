import { describe, expect, it } from 'vitest';
import { EVENT_CLASS, RecordRejected } from '../../../monitoring/event.js';
import { slackAuditFormat } from './audit-logs.js';

/**
 * Hand-written Audit Logs API entries in the shape of Slack's "Audit Logs API methods & actions" reference:
 * `id`, `date_create` (epoch seconds), `action`, `actor.user`, `entity` of its `type`, `context.location` / `ua` /
 * `ip_address`, and `context.app` when an app acted.
 */
const location = { type: 'enterprise', id: 'E0GRID01', name: 'Acme Grid', domain: 'acme' };
const member = { id: 'W0ADMIN1', name: 'ada', email: 'ada@acme.example', team: 'E0GRID01' };
const app = {
  id: 'A0DRIFT1',
  name: 'Drift',
  is_distributed: true,
  is_directory_approved: true,
  scopes: ['chat:write'],
};

const installed = {
  id: '0123a45b-6c7d-8900-e12f-3456789abcde',
  date_create: 1761955200,
  action: 'app_installed',
  actor: { type: 'user', user: member },
  entity: { type: 'app', app },
  context: {
    location,
    ua: 'Mozilla/5.0 (Macintosh) Chrome/129.0',
    ip_address: '198.51.100.7',
    session_id: '1656410836837',
  },
  details: { is_internal_integration: false, app_owner_id: 'W0ADMIN1' },
};
const expandedByApp = {
  id: 'b7e1c2d3-0000-4a5b-9c8d-111122223333',
  date_create: 1761958800,
  action: 'app_scopes_expanded',
  actor: { type: 'user', user: { id: 'U0DRIFTBOT', name: 'drift', email: '', team: 'T0WS01' } },
  entity: { type: 'workspace', workspace: { id: 'T0WS01', name: 'Sales', domain: 'acme-sales' } },
  context: { location, ua: 'Slackbot 1.0', ip_address: '203.0.113.9', app: { id: 'A0DRIFT1', name: 'Drift' } },
  details: { new_scopes: ['channels:history', 'files:read'], previous_scopes: ['chat:write'] },
};
const bySlack = {
  id: 'c0ffee00-1111-2222-3333-444455556666',
  date_create: 1761962400,
  action: 'user_session_invalidated',
  actor: { type: 'user', user: { id: 'USLACKUSER', name: 'Slack', email: 'slack@slack.com', team: 'E0GRID01' } },
  entity: { type: 'user', user: member },
  context: { location, ua: '', ip_address: '' },
};

describe('Slack audit log entries', () => {
  it("reads a member's app install: a person, the app as the target, an access grant", () => {
    const [e] = slackAuditFormat.parse(installed);
    expect(e).toMatchObject({
      id: installed.id,
      platform: 'slack',
      tenant: 'E0GRID01',
      time: 1761955200_000,
      classUid: EVENT_CLASS.apiActivity,
      operation: 'audit:app_installed',
      sourceIp: '198.51.100.7',
      userAgent: 'Mozilla/5.0 (Macintosh) Chrome/129.0',
      success: true,
      target: 'Drift',
      targetKeys: ['A0DRIFT1'],
      tags: ['iam.write'],
      identityId: null,
    });
    expect(e!.actor).toEqual({
      principal: 'W0ADMIN1',
      name: 'ada',
      keys: ['W0ADMIN1'],
      programmatic: false,
      vendorService: false,
      person: true,
    });
  });

  it('an entry an app made is the app: keys its bot user, then its app id', () => {
    const [e] = slackAuditFormat.parse(expandedByApp);
    expect(e!.actor).toEqual({
      principal: 'U0DRIFTBOT#app:A0DRIFT1',
      name: 'Drift',
      keys: ['U0DRIFTBOT', 'A0DRIFT1'],
      programmatic: true,
      vendorService: false,
    });
    expect(e).toMatchObject({ tags: ['iam.write'], target: 'Sales', targetKeys: [], sourceIp: '203.0.113.9' });
  });

  it("Slack's own actor is the vendor; blank context fields are null", () => {
    const [e] = slackAuditFormat.parse(bySlack);
    expect(e!.actor).toMatchObject({ principal: 'USLACKUSER', vendorService: true, keys: [] });
    expect([e!.sourceIp, e!.userAgent, e!.tags]).toEqual([null, null, []]);
  });

  it('reads a whole API answer page, and dates as SIEM exports write them (UTC text, nanoseconds)', () => {
    const page = { ok: true, entries: [installed, bySlack], response_metadata: { next_cursor: '' } };
    expect(slackAuditFormat.parse(page).map((e) => e.id)).toEqual([installed.id, bySlack.id]);
    const text = { ...installed, date_create: '2025-11-01 00:00:00.123456789' };
    expect(slackAuditFormat.parse(text)[0]!.time).toBe(Date.parse('2025-11-01T00:00:00.123Z'));
  });

  it('tags exports, sign-in trust changes and sign-ins; a failed sign-in is a refused authentication', () => {
    const tagsOf = (action: string) => slackAuditFormat.parse({ ...installed, action })[0]!;
    expect(tagsOf('manual_export_started').tags).toEqual(['data.export']);
    expect(tagsOf('pref.sso_setting_changed').tags).toEqual(['trust.write']);
    expect(tagsOf('user_login')).toMatchObject({ tags: ['login.interactive'], classUid: EVENT_CLASS.authentication });
    expect(tagsOf('user_login_failed')).toMatchObject({ success: false, tags: [] });
    expect(tagsOf('file_downloaded').tags).toEqual([]);
  });

  it('rejects records that are not entries, naming why', () => {
    expect(() => slackAuditFormat.parse([installed])).toThrow(RecordRejected);
    expect(() => slackAuditFormat.parse({ ...installed, id: '' })).toThrow(/id or action missing/);
    expect(() => slackAuditFormat.parse({ ...installed, date_create: 'yesterday' })).toThrow(
      /date_create is not a time/,
    );
  });
});
