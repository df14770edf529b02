import { describe, expect, it } from 'vitest';
import { githubFacts } from '../facts.js';
import { githubConnector } from './index.js';

/** The declaration the engine sweeps by: wrong here means identities swept after a source that did not complete. */
describe('GitHub sources', () => {
  const sources = githubConnector.sources;

  it('lists every nativeType of the facts, each by exactly one source', () => {
    const listed = sources.flatMap((s) => s.lists ?? []);
    expect([...listed].sort()).toEqual(Object.keys(githubFacts).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('declares the GitHub REST templates it calls, ids unique, one people source, only the repository list required', () => {
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    for (const s of sources) {
      expect(s.endpoints.length, s.id).toBeGreaterThan(0);
      for (const e of s.endpoints) expect(e, s.id).toMatch(/^GET \/(orgs|repos|apps)\/\{[a-z_]+\}(\/[a-z_{}-]+)*$/);
      expect(s.permission, s.id).not.toBe('');
    }
    expect(sources.filter((s) => s.required).map((s) => s.id)).toEqual(['repositories']);
    expect(sources.filter((s) => s.people).map((s) => s.id)).toEqual(['members']);
  });

  it('names the permission GitHub documents for the lists a token is most often refused', () => {
    const permission = (id: string) => sources.find((s) => s.id === id)?.permission;
    expect(permission('pat-grants')).toContain('"Personal access tokens" organization permission (read)');
    expect(permission('credential-authorizations')).toContain('read:org');
    expect(permission('org-secrets')).toContain('"Secrets" organization permission (read)');
    expect(permission('org-hooks')).toContain('admin:org_hook');
    expect(permission('repo-deploy-keys')).toContain('"Administration" repository permission (read)');
  });

  it('names the raw fields that hold secret values in GitHub payloads', () => {
    expect(githubConnector.secretFields).toEqual(expect.arrayContaining(['secret', 'token']));
  });
});
