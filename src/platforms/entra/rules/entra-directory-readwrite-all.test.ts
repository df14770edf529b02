import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-directory-readwrite-all.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-directory-readwrite-all on transformed Graph payloads', () => {
  it('fires on the app whose service principal holds the Graph app role Directory.ReadWrite.All', () => {
    const hits = hitsOn(['hr-directory-sync']);
    expect(hits.map((h) => h.identity.name)).toEqual(['hr-directory-sync']);
    expect(hits[0].evidence).toEqual([
      {
        field: 'permissions[0]',
        value: 'Directory.ReadWrite.All',
        source: 'appRoleAssignment grant per appRoleAssignment',
      },
    ]);
  });

  it('stays silent on read permissions, other admin roles and delegated low scopes', () => {
    expect(hitsOn(['legacy-reporting', 'mailbox-archiver', 'mi-aks-prod', 'Fabrikam Sign'])).toEqual([]);
  });
});
