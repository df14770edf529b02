import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-full-access-as-app.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-full-access-as-app on transformed Graph payloads', () => {
  it('fires on the app assigned the Exchange Online role full_access_as_app', () => {
    const hits = hitsOn(['mailbox-archiver']);
    expect(hits.map((h) => h.identity.name)).toEqual(['mailbox-archiver']);
    expect(hits[0].evidence).toEqual([
      { field: 'permissions[0]', value: 'full_access_as_app', source: 'application permission per appRoleAssignment' },
    ]);
  });

  it('stays silent on Graph admin roles and mail scopes', () => {
    expect(hitsOn(['hr-directory-sync', 'mi-aks-prod', 'PDF Converter Online'])).toEqual([]);
  });
});
