import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-sp-elevated-directory-role.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-sp-elevated-directory-role on transformed Graph payloads', () => {
  it('fires on the application whose service principal is Cloud Application Administrator of the tenant', () => {
    const hits = hitsOn(['hr-directory-sync']);
    expect(hits.map((h) => [h.identity.name, h.rule.severity, h.evidence])).toEqual([
      [
        'hr-directory-sync',
        'high',
        [
          {
            field: 'permissions[1]',
            value: 'Cloud Application Administrator',
            source:
              'service principal holds directory role template 158c047a-c907-4556-b7ef-446551a6b5f7 at scope / per roleManagement/directory/roleAssignments',
          },
        ],
      ],
    ]);
  });

  it('stays silent on Global Administrator (the critical rule’s), a scoped Application Administrator and readers', () => {
    expect(hitsOn(['func-billing-prod', 'legacy-reporting', 'mi-aks-prod'])).toEqual([]);
  });
});
