import { describe, expect, it } from 'vitest';
import { slackFacts } from '../facts.js';
import { slackConnector } from './index.js';

/** The declaration the engine sweeps by: wrong here means identities swept after a source that did not complete. */
describe('Slack sources', () => {
  const sources = slackConnector.sources;

  it('lists every nativeType of the facts; auth and users are required; users is the only people source', () => {
    const listed = sources.flatMap((s) => s.lists ?? []);
    expect([...new Set(listed)].sort()).toEqual(Object.keys(slackFacts).sort());
    expect(sources.filter((s) => s.required).map((s) => s.id)).toEqual(['auth', 'users']);
    expect(sources.filter((s) => s.people).map((s) => s.id)).toEqual(['users']);
  });

  it('keeps the two plans apart: Grid lists and the integration log list different nativeTypes', () => {
    const listers = (type: string) => sources.filter((s) => s.lists?.includes(type)).map((s) => s.id);
    expect(listers('app')).toEqual(['approved-apps', 'restricted-apps']);
    expect(listers('app_request')).toEqual(['app-requests']);
    expect(listers('integration')).toEqual(['integration-logs']);
  });

  it('declares Web API methods as POST /api/<method> and a permission for every source, ids unique', () => {
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    for (const s of sources) {
      for (const e of s.endpoints)
        expect(e, s.id).toMatch(/^(POST \/api\/[a-z]+(\.[a-zA-Z]+)+|GET \/audit\/v1\/logs)$/);
      expect(s.permission.length, s.id).toBeGreaterThan(3);
    }
    const grid = sources.filter((s) => s.endpoints.some((e) => e.includes('admin.apps.')));
    for (const s of grid) expect(s.permission, s.id).toMatch(/^admin\.apps:read \(Enterprise Grid/);
  });

  it('fills from bots.info only fields of bot users, which users.list lists', () => {
    const botInfo = sources.find((s) => s.id === 'bot-info')!;
    expect(botInfo.lists).toBeUndefined();
    expect(botInfo.fills).toEqual({
      nativeTypes: ['bot'],
      fields: ['enabled', 'attributes.appId', 'attributes.botUpdatedAt'],
    });
  });

  it('fills installers from the Audit Logs API only on apps', () => {
    expect(sources.find((s) => s.id === 'audit-logs')?.fills).toEqual({
      nativeTypes: ['app'],
      fields: ['createdBy', 'ownerClaims', 'attributes.installedAt'],
    });
  });

  it('names the raw fields that hold secret values in Slack payloads', () => {
    expect(slackConnector.secretFields).toEqual(expect.arrayContaining(['token', 'access_token', 'client_secret']));
  });
});
