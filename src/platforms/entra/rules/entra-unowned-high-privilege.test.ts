import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-unowned-high-privilege.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );
const NO_OWNERS = {
  field: 'owners',
  value: [],
  source: 'no owners on the application or service principal per Graph owners',
};

describe('entra-unowned-high-privilege on transformed Graph payloads', () => {
  it('fires on an ownerless app with an admin role and an ownerless managed identity with a path to admin', () => {
    const hits = hitsOn(['mailbox-archiver', 'mi-aks-prod']);
    expect(hits.map((h) => [h.identity.name, h.evidence])).toEqual([
      [
        'mailbox-archiver',
        [NO_OWNERS, { field: 'permissions[0]', value: 'full_access_as_app', source: 'admin per appRoleAssignment' }],
      ],
      [
        'mi-aks-prod',
        [
          NO_OWNERS,
          {
            field: 'permissions[0]',
            value: 'Application.ReadWrite.All',
            source: 'path to admin per appRoleAssignment',
          },
        ],
      ],
    ]);
  });

  it('stays silent when Graph lists an owner, or when nothing privileged is held', () => {
    // hr-directory-sync: admin, but Ada owns the application; Fabrikam Sign: no owners, only low delegated scopes.
    expect(hitsOn(['hr-directory-sync', 'Fabrikam Sign', 'PDF Converter Online'])).toEqual([]);
  });
});
