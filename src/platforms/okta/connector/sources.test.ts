import { describe, expect, it } from 'vitest';
import { oktaFacts } from '../facts.js';
import { oktaConnector } from './index.js';

/** The declaration the engine sweeps by: wrong here means identities swept after a source that did not complete. */
describe('Okta sources', () => {
  const sources = oktaConnector.sources;

  it('lists every nativeType of the facts; apps are the only required source; users the only people source', () => {
    const listed = sources.flatMap((s) => s.lists ?? []);
    expect([...new Set(listed)].sort()).toEqual(Object.keys(oktaFacts).sort());
    expect(sources.filter((s) => s.required).map((s) => s.id)).toEqual(['apps']);
    expect(sources.filter((s) => s.people).map((s) => s.id)).toEqual(['users']);
  });

  it('declares Okta endpoint templates and an okta.*.read scope for every source, ids unique', () => {
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    for (const s of sources) {
      for (const e of s.endpoints)
        expect(e, s.id).toMatch(
          /^GET \/(api\/v1|oauth2\/v1|integrations\/api\/v1|workload-principals\/api\/v1)(\/[A-Za-z{}-]+)+$/,
        );
      expect(s.permission, s.id).toMatch(/^okta\.[A-Za-z]+\.read\b/);
    }
  });

  it('fills from per-object and System Log sources only fields of types another source lists', () => {
    const listed = new Set(sources.flatMap((s) => s.lists ?? []));
    for (const s of sources.filter((x) => x.fills)) {
      expect(s.lists, s.id).toBeUndefined();
      for (const type of s.fills!.nativeTypes) expect(listed.has(type), `${s.id} fills ${type}`).toBe(true);
    }
    const fills = (id: string) => sources.find((s) => s.id === id)?.fills?.fields;
    expect(fills('token-usage')).toEqual(['lastUsedAt', 'credentials']);
    expect(fills('app-grants')).toEqual(['permissions', 'ownerClaims']);
  });

  it('names the raw fields that hold secret values in Okta payloads', () => {
    expect(oktaConnector.secretFields).toEqual(expect.arrayContaining(['client_secret', 'token']));
  });
});
