import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Identity, Person } from '../../../model/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { factsProblems } from '../fixtures/facts-check.js';
import * as appRequests from './app-requests.js';
import * as apps from './apps.js';
import { installsOf } from './audit-logs.js';
import * as integrations from './integrations.js';
import * as users from './users.js';
import type {
  SlackAppRequest,
  SlackAuditEntry,
  SlackBot,
  SlackIntegrationLog,
  SlackResolvedApp,
  SlackUser,
} from './wire.js';

/**
 * Feeds Slack's own example answers (slack-api-specs OpenAPI examples) and the Java SDK's field shapes through the
 * pure transforms: what Slack documents must be readable, and must pass the typed facts.
 */
const corpora = (() => {
  try {
    return corporaDir();
  } catch {
    return null; // no ../shared/corpora here: the contract tests are skipped
  }
})();
const example = <T>(operation: string, status = 200): T =>
  JSON.parse(
    readFileSync(join(corpora ?? '.', 'slack-web-api-openapi', 'examples', `${operation}.${status}.json`), 'utf8'),
  ).example as T;
const shape = <T>(method: string): T =>
  JSON.parse(readFileSync(join(corpora ?? '.', 'slack-java-sdk-json-shapes', 'api', `${method}.json`), 'utf8')) as T;
const t = { tenant: 'acmecorp' };
const stored = (raw: unknown) => {
  const identity = Identity.parse(raw);
  expect(factsProblems(identity)).toEqual([]);
  return identity;
};

describe.skipIf(!corpora)('Slack transforms on the vendor example payloads', () => {
  it('admin.apps.approved.list: the example app, its bot scope and the admin who approved it', () => {
    const { approved_apps } = example<{ approved_apps: SlackResolvedApp[] }>('admin_apps_approved_list');
    expect(approved_apps.length).toBeGreaterThan(0);
    const out = stored(apps.transform(approved_apps[0], 'approved', t));
    expect(out).toMatchObject({ nativeId: 'A0W7UKG8E', thirdParty: true, createdAt: null });
    expect(out.permissions.map((p) => [p.nativeName, p.attributes.tokenType, p.attributes.isSensitive])).toEqual([
      ['bot', 'bot', true],
    ]);
    expect(out.ownerClaims[0]).toMatchObject({ ref: 'W0G82F4FD', source: 'consenting_user' });
    expect(out.attributes.resolvedAt).toBe('2019-11-21T00:38:27.000Z');
  });

  it('admin.apps.restricted.list and admin.apps.requests.list examples', () => {
    const { restricted_apps } = example<{ restricted_apps: SlackResolvedApp[] }>('admin_apps_restricted_list');
    for (const raw of restricted_apps) expect(stored(apps.transform(raw, 'restricted', t)).permissions).toEqual([]);
    const { app_requests } = example<{ app_requests: SlackAppRequest[] }>('admin_apps_requests_list');
    const out = stored(appRequests.transform(app_requests[0], t));
    expect(out).toMatchObject({
      nativeId: 'Ar0XJGFLMLS',
      createdAt: '2020-01-13T22:58:47.000Z',
      createdBy: 'W08RA9G5HR',
    });
    expect(out.attributes).toMatchObject({ requestedScopes: ['incoming-webhook'], highRiskScopes: [] });
  });

  it('users.list members are people with e-mails; bots.info fills a bot user', () => {
    const { members } = example<{ members: SlackUser[] }>('users_list');
    const people = members
      .filter((m) => users.memberKind(m) === 'person')
      .map((m) => Person.parse(users.toPerson(m, t)));
    expect(people.map((p) => [p.nativeId, p.email, p.status])).toEqual([
      ['W012A3CDE', 'spengler@ghostbusters.example.com', 'active'],
      ['W07QCRPA4', 'glenda@south.oz.coven', 'active'],
    ]);
    const { bot } = example<{ bot: SlackBot }>('bots_info');
    const member: SlackUser = {
      id: String(bot.user_id),
      is_bot: true,
      name: String(bot.name),
      profile: { bot_id: bot.id },
    };
    const out = stored(users.toBot(member, { bot, stale: [] }, t));
    expect(out.attributes).toMatchObject({ appId: 'A161CLERW', botUpdatedAt: '2015-12-04T23:33:24.000Z' });
  });

  it('the SDK field shapes (blank values) are read or refused, never stored half-empty', () => {
    const { logs } = shape<{ logs: SlackIntegrationLog[] }>('team.integrationLogs');
    const folded = integrations.foldLogs(logs);
    expect(folded.map((i) => i.key)).toEqual(['A00000000']);
    stored(integrations.transform(folded[0], t));
    const approved = shape<{ approved_apps: SlackResolvedApp[] }>('admin.apps.approved.list').approved_apps[0];
    expect(() => apps.transform(approved, 'approved', t)).toThrow(/Slack app without id/);
    const request = shape<{ app_requests: SlackAppRequest[] }>('admin.apps.requests.list').app_requests[0];
    expect(() => appRequests.transform(request, t)).toThrow(/Slack app request without id/);
  });

  it('Audit Logs API entry shape: an app_installed entry names its app and actor where the transform reads them', () => {
    const [blank] = JSON.parse(
      readFileSync(join(corpora ?? '.', 'slack-java-sdk-json-shapes', 'audit', 'v1', 'logs.json'), 'utf8'),
    ).entries as SlackAuditEntry[];
    expect(installsOf([blank]).size).toBe(0); // blank action and app id: not an install
    const filled = {
      ...blank,
      action: 'app_installed',
      date_create: 1714552800,
      actor: { ...blank.actor, type: 'user', user: { ...blank.actor?.user, id: 'W012J3AEWAU' } },
      entity: { ...blank.entity, app: { ...blank.entity?.app, id: 'A0W7UKG8E' } },
    };
    expect([...installsOf([filled])]).toEqual([
      ['A0W7UKG8E', { userId: 'W012J3AEWAU', at: '2024-05-01T08:40:00.000Z' }],
    ]);
  });

  it('errors are { ok: false, error } as the emulator answers them', () => {
    expect(example<{ ok: boolean; error: string }>('admin_apps_approved_list', 'default' as never)).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
  });
});
