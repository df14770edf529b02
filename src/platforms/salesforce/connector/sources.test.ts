import { describe, expect, it } from 'vitest';
import { salesforceFacts } from '../facts.js';
import { salesforceConnector } from './index.js';

/** The declaration the engine sweeps by: wrong here means identities swept after a source that did not complete. */
describe('Salesforce sources', () => {
  const sources = salesforceConnector.sources;

  it('lists every nativeType of the facts; connected apps and their App Launcher items are the only required sources; users the only people source', () => {
    const listed = sources.flatMap((s) => s.lists ?? []);
    expect([...new Set(listed)].sort()).toEqual(Object.keys(salesforceFacts).sort());
    expect(sources.filter((s) => s.required).map((s) => s.id)).toEqual(['app-menu', 'connected-apps']);
    expect(sources.filter((s) => s.people).map((s) => s.id)).toEqual(['users']);
  });

  it('names each source by the one sObject it queries, ids unique', () => {
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    expect(sources.map((s) => s.endpoints)).toEqual([
      ['query:User'],
      ['query:LoginHistory'],
      ['query:PermissionSetAssignment'],
      ['query:AppMenuItem'],
      ['query:OauthToken'],
      ['query:ConnectedApplication'],
      ['query:NamedCredential'],
    ]);
    for (const s of sources) expect(s.permission, s.id).not.toBe('');
  });

  it('integration users are listed by users and login history both (an API-only login pattern is seen only there)', () => {
    expect(sources.filter((s) => s.lists?.includes('integration_user')).map((s) => s.id)).toEqual([
      'users',
      'login-history',
    ]);
    expect(sources.find((s) => s.id === 'permission-assignments')?.fills).toEqual({
      nativeTypes: ['integration_user'],
      fields: ['permissions'],
    });
  });

  it('names the raw fields that hold secret values in Salesforce payloads', () => {
    expect(salesforceConnector.secretFields).toEqual(expect.arrayContaining(['DeleteToken', 'access_token']));
  });
});
